using Botify.Api.Memory;

namespace Botify.Api.Tests.Memory;

/// <summary>The bytes a past session takes in Redis: round-trips to the hundredth, and refuses what it did not write.</summary>
public sealed class PastSessionCodecTests
{
    private static readonly PastSession Session = new(1_733_600_000_123, [0, 7, int.MaxValue, 123_456], [1f, 0.33f, 0f, 0.99f]);

    [Test]
    public void Decode_Encoded_RoundTrips()
    {
        var bytes = PastSessionCodec.Encode(Session);
        var decoded = PastSessionCodec.Decode(bytes);

        Assert.That(bytes, Has.Length.EqualTo(11 + (5 * 4)), "11 bytes of header and 5 a track");
        Assert.That(decoded.EndedMs, Is.EqualTo(Session.EndedMs));
        Assert.That(decoded.Tracks, Is.EqualTo(Session.Tracks));
        Assert.That(decoded.Shares, Is.EqualTo(Session.Shares).Within(1e-6f));
    }

    [Test]
    public void Encode_ShareBetweenHundredths_RoundsToTheNearestAndClampsToOne()
    {
        var decoded = PastSessionCodec.Decode(PastSessionCodec.Encode(new PastSession(1, [1, 2, 3], [0.336f, 0.004f, 1.5f])));

        Assert.That(decoded.Shares, Is.EqualTo(new[] { 0.34f, 0f, 1f }).Within(1e-6f));
    }

    [Test]
    public void Decode_Empty_ThrowsNamingTheLength() =>
        Assert.That(() => PastSessionCodec.Decode([]), Throws.TypeOf<FormatException>().With.Message.Contains("0 bytes"));

    [Test]
    public void Decode_OtherVersion_ThrowsNamingTheVersion()
    {
        var bytes = PastSessionCodec.Encode(Session);
        bytes[0] = 2;

        Assert.That(() => PastSessionCodec.Decode(bytes), Throws.TypeOf<FormatException>().With.Message.Contains("version 2"));
    }

    [Test]
    public void Decode_Truncated_ThrowsNamingTheTrackCount()
    {
        var bytes = PastSessionCodec.Encode(Session);

        Assert.That(() => PastSessionCodec.Decode(bytes.AsSpan(0, bytes.Length - 1)), Throws.TypeOf<FormatException>().With.Message.Contains("says 4 tracks"));
        Assert.That(() => PastSessionCodec.Decode(bytes.AsSpan(0, 10)), Throws.TypeOf<FormatException>().With.Message.Contains("10 bytes"), "shorter than the header");
    }

    [Test]
    public void Decode_TrailingBytes_Throws()
    {
        byte[] bytes = [.. PastSessionCodec.Encode(Session), 0];

        Assert.That(() => PastSessionCodec.Decode(bytes), Throws.TypeOf<FormatException>().With.Message.Contains("says 4 tracks"));
    }

    [Test]
    public void Decode_NoTrack_Throws()
    {
        var bytes = PastSessionCodec.Encode(Session).AsSpan(0, 11).ToArray();
        bytes[9] = 0;
        bytes[10] = 0;

        Assert.That(() => PastSessionCodec.Decode(bytes), Throws.TypeOf<FormatException>().With.Message.Contains("says 0 tracks"));
    }

    [Test]
    public void Decode_ShareAboveOne_ThrowsNamingTheTrack()
    {
        var bytes = PastSessionCodec.Encode(Session);
        bytes[^1] = 101;

        Assert.That(() => PastSessionCodec.Decode(bytes), Throws.TypeOf<FormatException>().With.Message.Contains("101 hundredths"));
    }
}
