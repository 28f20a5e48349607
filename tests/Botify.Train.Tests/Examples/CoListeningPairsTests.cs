using Botify.Train.Examples;

namespace Botify.Train.Tests.Examples;

public sealed class CoListeningPairsTests
{
    private static readonly CoListeningSettings Settings = new() { Threshold = 0.7f, Window = 5, StartPairWeight = 0.5f };

    [Test]
    public void From_Session_PairsFirstAndLikedTracksBothWaysAndLeavesSkippedOut()
    {
        LoggedSession[] sessions = [new(User: 1, Tracks: [10, 11, 12, 13], Times: [1f, 0.9f, 0.2f, 0.7f], Ended: true)];

        var pairs = CoListeningPairs.From(sessions, [0], Settings with { StartPairWeight = 0 });

        var set = Enumerable.Range(0, pairs.Count).Select(i => (pairs.Contexts[i], pairs.Tracks[i])).ToHashSet();
        Assert.That(set, Is.EquivalentTo(new[] { (10, 11), (11, 10), (10, 13), (13, 10), (11, 13), (13, 11) }));
        Assert.That(pairs.Weights, Is.All.EqualTo(1f));
        Assert.That(pairs.Pool, Is.EqualTo(pairs.Tracks), "negatives are drawn from the pairs' own tracks");
    }

    [Test]
    public void From_PairWithATrackARankingChose_IsMarkedChosenAndOthersAreNot()
    {
        // 11 was drawn at random, 12 chosen by the serving ranking; 10 is the listener's own first track.
        LoggedSession[] sessions = [new(User: 1, Tracks: [10, 11, 12], Times: [1f, 0.9f, 0.9f], Ended: true) { Unchosen = [true, true, false] }];

        var pairs = CoListeningPairs.From(sessions, [0], Settings with { StartPairWeight = 0 });

        var chosen = Enumerable.Range(0, pairs.Count).ToDictionary(i => (pairs.Contexts[i], pairs.Tracks[i]), i => pairs.Chosen[i]);
        Assert.That(chosen[(10, 11)], Is.False, "first track and a random draw: no ranking chose either");
        Assert.That(chosen[(11, 10)], Is.False);
        Assert.That(chosen[(10, 12)], Is.True, "a track the ranking chose marks the pair both ways");
        Assert.That(chosen[(12, 10)], Is.True);
        Assert.That(chosen[(11, 12)], Is.True);
    }

    [Test]
    public void From_ChosenPairWeight_ScalesPairsARankingChoseAndZeroLeavesThemOut()
    {
        LoggedSession[] sessions = [new(User: 1, Tracks: [10, 11, 12], Times: [1f, 0.9f, 0.9f], Ended: true) { Unchosen = [true, true, false] }];

        var weighted = CoListeningPairs.From(sessions, [0], Settings with { StartPairWeight = 0, ChosenPairWeight = 0.25f });
        var dropped = CoListeningPairs.From(sessions, [0], Settings with { StartPairWeight = 0, ChosenPairWeight = 0 });

        var weights = Enumerable.Range(0, weighted.Count).ToDictionary(i => (weighted.Contexts[i], weighted.Tracks[i]), i => weighted.Weights[i]);
        Assert.That(weights[(10, 11)], Is.EqualTo(1f), "no ranking chose 10 or 11");
        Assert.That(weights[(10, 12)], Is.EqualTo(0.25f));
        Assert.That(weights[(12, 11)], Is.EqualTo(0.25f));
        var kept = Enumerable.Range(0, dropped.Count).Select(i => (dropped.Contexts[i], dropped.Tracks[i]));
        Assert.That(kept, Is.EquivalentTo(new[] { (10, 11), (11, 10) }), "weight 0 leaves chosen pairs out, and out of the pool");
        Assert.That(dropped.Pool, Is.EquivalentTo(new[] { 10, 11 }));
    }

    [Test]
    public void From_SessionStartsOfOneListener_ArePairedAtTheStartPairWeight()
    {
        LoggedSession[] sessions =
        [
            new(User: 3, Tracks: [20, 21], Times: [1f, 0.1f], Ended: true),
            new(User: 3, Tracks: [30], Times: [1f], Ended: true),
            new(User: 4, Tracks: [40], Times: [1f], Ended: true),
        ];

        var pairs = CoListeningPairs.From(sessions, [0, 1, 2], Settings);

        Assert.That(Enumerable.Range(0, pairs.Count).Select(i => (pairs.Contexts[i], pairs.Tracks[i], pairs.Weights[i])),
            Is.EquivalentTo(new[] { (20, 30, 0.5f), (30, 20, 0.5f) }), "only one listener's starts pair up; the skipped track pairs with nothing");
    }

    [Test]
    public void From_LongSession_PairsEachLikedTrackWithTheFirstAndItsWindow()
    {
        var tracks = Enumerable.Range(100, 20).ToArray();
        LoggedSession[] sessions = [new(User: 1, Tracks: tracks, Times: [.. tracks.Select(_ => 1f)], Ended: true)];

        var pairs = CoListeningPairs.From(sessions, [0], Settings with { Window = 2, StartPairWeight = 0 });

        var partnersOfLast = Enumerable.Range(0, pairs.Count).Where(i => pairs.Tracks[i] == 119).Select(i => pairs.Contexts[i]).ToHashSet();
        Assert.That(partnersOfLast, Is.EquivalentTo(new[] { 100, 117, 118 }), "the first track and the two liked before it");
    }

    [Test]
    public void From_SkipPairsOn_OfferedTracksHeardBelowTheLimitAreLoggedNegativesOutOfThePool()
    {
        LoggedSession[] sessions = [new(User: 1, Tracks: [10, 11, 12, 13], Times: [1f, 0.9f, 0.2f, 0.5f], Ended: true)];

        var pairs = CoListeningPairs.From(sessions, [0], Settings with { StartPairWeight = 0, SkipPairWeight = 0.5f, SkipBelow = 0.3f });

        var skips = Enumerable.Range(0, pairs.Count).Where(i => pairs.Skipped[i]).Select(i => (pairs.Contexts[i], pairs.Tracks[i], pairs.Weights[i]));
        Assert.That(skips, Is.EquivalentTo(new[] { (10, 12, 0.5f) }), "only 12 was heard below 0.3; 13 is neither liked nor a skip");
        Assert.That(pairs.Pool, Does.Not.Contain(12), "negatives are never drawn from skips");
    }

    [Test]
    public void From_SessionNegativesOn_EachSessionsPairsCarryItsSkipsButNotRepeatsOrArtistDiscountedOnes()
    {
        // 12 is skipped outright; 13 shares 11's artist, so the artist discount may have cut it; 10 comes back
        // and is heard for 0 as a repeat. Only 12 says the listener's taste ranks it below 11.
        LoggedSession[] sessions =
        [
            new(User: 1, Tracks: [10, 11, 12, 13, 10], Times: [1f, 0.9f, 0.1f, 0.2f, 0f], Ended: true),
            new(User: 1, Tracks: [20, 21], Times: [1f, 0.8f], Ended: true),
        ];
        int ArtistOf(int track) => track == 13 ? 11 : track;

        var pairs = CoListeningPairs.From(sessions, [0, 1], Settings with { SessionNegatives = 2 }, ArtistOf);

        var skipsByPair = Enumerable.Range(0, pairs.Count).ToDictionary(i => (pairs.Contexts[i], pairs.Tracks[i]), i => pairs.SessionSkips(i).ToArray());
        Assert.That(skipsByPair[(10, 11)], Is.EqualTo(new[] { 12 }));
        Assert.That(skipsByPair[(11, 10)], Is.EqualTo(new[] { 12 }), "both directions of a pair carry its session's skips");
        Assert.That(skipsByPair[(20, 21)], Is.Empty, "a session with nothing skipped");
        Assert.That(skipsByPair[(10, 20)], Is.Empty, "a pair of two session starts belongs to no one session");
    }

    [Test]
    public void From_SessionNegativesOff_PairsCarryNoSkips()
    {
        LoggedSession[] sessions = [new(User: 1, Tracks: [10, 11, 12], Times: [1f, 0.9f, 0.1f], Ended: true)];

        var pairs = CoListeningPairs.From(sessions, [0], Settings with { StartPairWeight = 0, SessionNegatives = 0 });

        Assert.That(Enumerable.Range(0, pairs.Count).Select(i => pairs.SessionSkips(i).Length), Is.All.EqualTo(0));
    }
}
