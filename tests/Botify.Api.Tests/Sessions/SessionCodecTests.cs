using System.Buffers.Binary;
using Botify.Api.Sessions;

namespace Botify.Api.Tests.Sessions;

public sealed class SessionCodecTests
{
    [Test]
    public void Decode_EncodedSession_RoundTrips()
    {
        var session = new ListenerSession([3, 1, 2], [3, 2], new BoundedFifo(30, [1]), new BoundedFifo(1, [7]), 12345, [1f, 0.25f, 0.7f]);

        var decoded = SessionCodec.Decode(SessionCodec.Encode(session));

        Assert.Multiple(() =>
        {
            Assert.That(decoded.Played, Is.EqualTo(new[] { 3, 1, 2 }));
            Assert.That(decoded.Shares, Is.EqualTo(new[] { 1f, 0.25f, 0.7f }));
            Assert.That(decoded.History, Is.EqualTo(new[] { 3, 2 }));
            Assert.That(decoded.StaleTracks.Items, Is.EqualTo(new[] { 1 }));
            Assert.That(decoded.StaleTracks.Capacity, Is.EqualTo(30));
            Assert.That(decoded.StaleArtists.Items, Is.EqualTo(new[] { 7 }));
            Assert.That(decoded.LastSeenMs, Is.EqualTo(12345));
        });
    }

    [Test]
    public void Encode_Session_WritesVersionTwo() =>
        Assert.That(SessionCodec.Encode(new ListenerSession(1, 1))[0], Is.EqualTo(2));

    [Test]
    public void Decode_VersionOne_ReadsEverySharesAsHeardInFull()
    {
        // Written by the previous release (no shares), as a replica of it may still write to Redis.
        var bytes = VersionOne(777, 30, 1, [4, 8], [8], [4], [0]);

        var decoded = SessionCodec.Decode(bytes);

        Assert.Multiple(() =>
        {
            Assert.That(decoded.Played, Is.EqualTo(new[] { 4, 8 }));
            Assert.That(decoded.Shares, Is.EqualTo(new[] { 1f, 1f }));
            Assert.That(decoded.History, Is.EqualTo(new[] { 8 }));
            Assert.That(decoded.StaleTracks.Items, Is.EqualTo(new[] { 4 }));
            Assert.That(decoded.StaleArtists.Items, Is.EqualTo(new[] { 0 }));
            Assert.That(decoded.LastSeenMs, Is.EqualTo(777));
        });
    }

    [Test]
    public void Decode_UnknownVersion_ThrowsFormatExceptionNamingIt()
    {
        var bytes = SessionCodec.Encode(new ListenerSession([1], [], new BoundedFifo(1), new BoundedFifo(1), 0));
        bytes[0] = 3;

        Assert.That(() => SessionCodec.Decode(bytes), Throws.TypeOf<FormatException>().With.Message.Contains("version 3"));
    }

    [Test]
    public void Decode_TruncatedBytes_ThrowsFormatException()
    {
        var bytes = SessionCodec.Encode(new ListenerSession([1, 2, 3], [], new BoundedFifo(1), new BoundedFifo(1), 0));

        Assert.That(() => SessionCodec.Decode(bytes.AsSpan(0, bytes.Length - 3)), Throws.TypeOf<FormatException>().With.Message.Contains("truncated"));
    }

    /// <summary>The version 1 layout: version, last seen, capacities, then four id lists.</summary>
    private static byte[] VersionOne(long lastSeen, int tracksCapacity, int artistsCapacity, params int[][] lists)
    {
        var bytes = new byte[17 + lists.Sum(list => 4 + (4 * list.Length))];
        bytes[0] = 1;
        BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(1), lastSeen);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(9), tracksCapacity);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(13), artistsCapacity);
        var offset = 17;
        foreach (var list in lists)
        {
            BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(offset), list.Length);
            offset += 4;
            foreach (var id in list)
            {
                BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(offset), id);
                offset += 4;
            }
        }

        return bytes;
    }
}
