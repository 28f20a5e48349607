using System.Text.Json;
using Botify.Api.JsonApi;

namespace Botify.Api.Tests.JsonApi;

/// <summary>The hand-written listening replies stay byte for byte what the course's clients parse: the serializer's output.</summary>
public sealed class JsonReplyWriterTests
{
    [TestCase(0, 0)]
    [TestCase(7, 49_999)]
    [TestCase(int.MaxValue, int.MaxValue)]
    [TestCase(123, -1)]
    public void Write_NextReply_SameBytesAsTheSerializer(int user, int track)
    {
        var expected = JsonSerializer.SerializeToUtf8Bytes(new NextJsonReply(user, track), JsonApiContext.Default.NextJsonReply);
        Span<byte> buffer = stackalloc byte[64];

        var length = JsonReplyWriter.Write(buffer, user, track);

        Assert.That(buffer[..length].ToArray(), Is.EqualTo(expected));
    }

    [TestCase(0)]
    [TestCase(int.MaxValue)]
    public void Write_LastReply_SameBytesAsTheSerializer(int user)
    {
        var expected = JsonSerializer.SerializeToUtf8Bytes(new LastJsonReply(user), JsonApiContext.Default.LastJsonReply);
        Span<byte> buffer = stackalloc byte[64];

        var length = JsonReplyWriter.Write(buffer, user, track: null);

        Assert.That(buffer[..length].ToArray(), Is.EqualTo(expected));
    }
}
