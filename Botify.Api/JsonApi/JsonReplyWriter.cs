using System.Buffers.Text;
using System.IO.Pipelines;

namespace Botify.Api.JsonApi;

/// <summary>
/// Writes the two listening replies, <c>{"user":U,"track":T}</c> and <c>{"user":U}</c>, straight into the
/// response: the same bytes <see cref="NextJsonReply"/> and <see cref="LastJsonReply"/> serialize to, without a
/// serializer, a writer or a result object per call.
/// </summary>
internal static class JsonReplyWriter
{
    public const string ContentType = "application/json; charset=utf-8";

    private static ReadOnlySpan<byte> UserPart => "{\"user\":"u8;

    private static ReadOnlySpan<byte> TrackPart => ",\"track\":"u8;

    public static ValueTask<FlushResult> WriteAsync(HttpResponse response, int user, int? track)
    {
        Span<byte> reply = stackalloc byte[64];
        var length = Write(reply, user, track);
        response.ContentType = ContentType;
        response.ContentLength = length;
        var body = response.BodyWriter;
        reply[..length].CopyTo(body.GetSpan(length));
        body.Advance(length);
        return body.FlushAsync();
    }

    /// <summary>The reply's bytes into <paramref name="buffer"/> (64 bytes hold any pair of ints); returns their count.</summary>
    internal static int Write(Span<byte> buffer, int user, int? track)
    {
        UserPart.CopyTo(buffer);
        var at = UserPart.Length;
        Utf8Formatter.TryFormat(user, buffer[at..], out var written);
        at += written;
        if (track is { } id)
        {
            TrackPart.CopyTo(buffer[at..]);
            at += TrackPart.Length;
            Utf8Formatter.TryFormat(id, buffer[at..], out written);
            at += written;
        }

        buffer[at++] = (byte)'}';
        return at;
    }
}
