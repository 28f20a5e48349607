using Botify.Api.Memory;

namespace Botify.Api.Tests.Memory;

/// <summary>What memory keeps of a long session: its first track always, then the best heard, in play order.</summary>
public sealed class PastSessionTests
{
    [Test]
    public void Bounded_LongerThanTheBound_KeepsTheFirstTrackAndTheBestHeardInPlayOrder()
    {
        int[] tracks = [10, 11, 12, 13, 14, 15, 16];
        float[] shares = [0.1f, 0.5f, 0.9f, 0.3f, 0.95f, 0.8f, 0.2f];

        var kept = PastSession.Bounded(1_000, tracks, shares, maxTracks: 4)!;

        Assert.That(kept.Tracks, Is.EqualTo(new[] { 10, 12, 14, 15 }), "the first track (heard 0.1) is kept; then 14, 12, 15 by share, put back in play order");
        Assert.That(kept.Shares, Is.EqualTo(new[] { 0.1f, 0.9f, 0.95f, 0.8f }));
        Assert.That(kept.FirstTrack, Is.EqualTo(10));
        Assert.That(kept.EndedMs, Is.EqualTo(1_000));
    }

    [Test]
    public void Bounded_TiedShares_KeepsTheEarlierPlays()
    {
        var kept = PastSession.Bounded(0, [1, 2, 3, 4, 5], [1f, 0.5f, 0.8f, 0.5f, 0.5f], maxTracks: 3)!;

        Assert.That(kept.Tracks, Is.EqualTo(new[] { 1, 2, 3 }), "3 is the best heard; of the tied 2, 4 and 5 the first played wins");
    }

    [Test]
    public void Bounded_WithinTheBound_KeepsEveryPlayAsIs()
    {
        int[] tracks = [7, 3, 9];
        float[] shares = [1f, 0f, 0.7f];

        var kept = PastSession.Bounded(5, tracks, shares, maxTracks: 3)!;
        tracks[0] = -1;

        Assert.That(kept.Tracks, Is.EqualTo(new[] { 7, 3, 9 }), "a copy: the caller's array may change afterwards");
        Assert.That(kept.Shares, Is.EqualTo(new[] { 1f, 0f, 0.7f }));
    }

    [Test]
    public void Bounded_NoTrack_IsNull() =>
        Assert.That(PastSession.Bounded(5, [], [], maxTracks: 3), Is.Null);
}
