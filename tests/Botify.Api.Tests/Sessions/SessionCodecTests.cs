using Botify.Api.Sessions;

namespace Botify.Api.Tests.Sessions;

public sealed class SessionCodecTests
{
    [Test]
    public void Decode_EncodedSession_RoundTrips()
    {
        var session = new ListenerSession([3, 1, 2], [3, 2], new BoundedFifo(30, [1]), new BoundedFifo(1, [7]), 12345);

        var decoded = SessionCodec.Decode(SessionCodec.Encode(session));

        Assert.Multiple(() =>
        {
            Assert.That(decoded.Played, Is.EqualTo(new[] { 3, 1, 2 }));
            Assert.That(decoded.History, Is.EqualTo(new[] { 3, 2 }));
            Assert.That(decoded.StaleTracks.Items, Is.EqualTo(new[] { 1 }));
            Assert.That(decoded.StaleTracks.Capacity, Is.EqualTo(30));
            Assert.That(decoded.StaleArtists.Items, Is.EqualTo(new[] { 7 }));
            Assert.That(decoded.LastSeenMs, Is.EqualTo(12345));
        });
    }

    [Test]
    public void Decode_TruncatedBytes_ThrowsFormatException()
    {
        var bytes = SessionCodec.Encode(new ListenerSession([1, 2, 3], [], new BoundedFifo(1), new BoundedFifo(1), 0));

        Assert.That(() => SessionCodec.Decode(bytes.AsSpan(0, bytes.Length - 3)), Throws.TypeOf<FormatException>().With.Message.Contains("truncated"));
    }
}
