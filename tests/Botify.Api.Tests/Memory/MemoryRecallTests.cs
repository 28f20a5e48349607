using Botify.Api.Memory;
using Botify.Api.Sessions;
using Botify.Api.Sources;
using Botify.Shared.Catalog;

namespace Botify.Api.Tests.Memory;

/// <summary>Which past sessions a session matches, and what memory proposes from them.</summary>
public sealed class MemoryRecallTests
{
    private const double Threshold = 0.7;

    // Started on 5; liked 6, 8 and 9; skipped 7.
    private static readonly PastSession StartedOnFive = new(1_000, [5, 6, 7, 8, 9], [1f, 0.9f, 0.3f, 0.75f, 1f]);

    private static readonly PastSession Unrelated = new(2_000, [50, 51, 52], [1f, 1f, 0.9f]);

    // One artist per track and no genres: only shared tracks match (artist and genre tests make their own).
    private static readonly TrackCatalog Catalog = TestCatalogs.Create(200, tracksPerArtist: 1);

    [Test]
    public void Candidates_FirstTrackStartedAPastSession_ItsWellHeardTracksBestShareFirst()
    {
        var recall = MemoryRecall.Match(Plays((5, 1f)), [Unrelated, StartedOnFive], Threshold, [], Catalog);

        Assert.That(recall.Matched, Is.EqualTo(1));
        Assert.That(Tracks(recall.Candidates([], k: 10)), Is.EqualTo(new[] { 9, 6, 8 }), "not 5 (played now), not 7 (heard 0.3 there), nothing of the unrelated session");
        Assert.That(recall.Disliked(), Is.EquivalentTo(new[] { 7 }), "the index need not propose what the matched session skipped");
    }

    [Test]
    public void Candidates_HalfHeardInAMatchedSession_ServedAfterTheLikedOnes()
    {
        PastSession halfHeard = new(1_000, [5, 6, 7], [1f, 0.55f, 0.95f]);

        var recall = MemoryRecall.Match(Plays((5, 1f)), [halfHeard], Threshold, [], Catalog);

        Assert.That(recall.Candidates([], k: 10).Select(c => (c.Track, c.Score)), Is.EqualTo(new[] { (7, 0.95f), (6, 0.55f) }), "a track heard for at least MinServedShare is still a better bet than the index's average");
    }

    [Test]
    public void Candidates_FirstTrackLikedInAPastSession_MatchesItWithItsFirstTrack()
    {
        PastSession likedFive = new(1_000, [20, 5, 21, 22], [0.2f, 0.8f, 0.9f, 0.1f]);

        var recall = MemoryRecall.Match(Plays((5, 1f)), [likedFive], Threshold, [], Catalog);

        Assert.That(Tracks(recall.Candidates([], k: 10)), Is.EqualTo(new[] { 20, 21 }), "the track that started the past session counts as heard in full; 22 was heard 0.1");
    }

    [Test]
    public void Candidates_FirstTrackOnlySkippedInAPastSession_NoMatch()
    {
        PastSession skippedFive = new(1_000, [20, 5, 21], [1f, 0.3f, 0.9f]);

        var recall = MemoryRecall.Match(Plays((5, 1f)), [skippedFive], Threshold, [], Catalog);

        Assert.That(recall.Matched, Is.Zero);
        Assert.That(recall.Candidates([], k: 10), Is.Empty);
    }

    [Test]
    public void Candidates_ExcludedTracks_AreLeftOut()
    {
        var recall = MemoryRecall.Match(Plays((5, 1f)), [StartedOnFive], Threshold, [], Catalog);

        Assert.That(Tracks(recall.Candidates(new HashSet<int> { 9 }, k: 10)), Is.EqualTo(new[] { 6, 8 }));
        Assert.That(Tracks(recall.Candidates([6, 8, 9], k: 10)), Is.Empty, "an excluded list that is not a set works too");
        Assert.That(Tracks(recall.Candidates([], k: 2)), Is.EqualTo(new[] { 9, 6 }), "at most k");
    }

    [Test]
    public void Candidates_PlayedThisSession_AreLeftOut()
    {
        var recall = MemoryRecall.Match(Plays((5, 1f), (6, 0.8f), (30, 0.1f)), [StartedOnFive], Threshold, [], Catalog);

        Assert.That(Tracks(recall.Candidates([], k: 10)), Is.EqualTo(new[] { 9, 8 }));
    }

    [Test]
    public void Candidates_SkippedNowWhatAPastSessionLiked_ThatSessionIsNotServed()
    {
        // Both past sessions started on 5; this one skipped 6, which the first liked: its score is 1 - 1 = 0.
        PastSession alsoStartedOnFive = new(3_000, [5, 30, 31], [1f, 0.9f, 0.8f]);

        var recall = MemoryRecall.Match(Plays((5, 1f), (6, 0.1f)), [StartedOnFive, alsoStartedOnFive], Threshold, [], Catalog);

        Assert.That(recall.Matched, Is.EqualTo(1));
        Assert.That(Tracks(recall.Candidates([], k: 10)), Is.EqualTo(new[] { 30, 31 }), "nothing of the session whose liked track was just skipped");
    }

    [Test]
    public void Candidates_SkipOutweighsTheOnlySharedTrack_NoCandidates()
    {
        var recall = MemoryRecall.Match(Plays((5, 1f), (9, 0.2f), (8, 0.0f)), [StartedOnFive], Threshold, [], Catalog);

        Assert.That(recall.Matched, Is.Zero);
        Assert.That(recall.Candidates([], k: 10), Is.Empty);
        Assert.That(recall.WithRecalledTaste(Plays((5, 1f), (9, 0.2f), (8, 0.0f)), max: 50), Is.Null);
    }

    [Test]
    public void Candidates_NoSharedTrack_NoCandidates()
    {
        var recall = MemoryRecall.Match(Plays((100, 1f), (101, 0.9f)), [StartedOnFive, Unrelated], Threshold, [], Catalog);

        Assert.That(recall.Matched, Is.Zero);
        Assert.That(recall.Candidates([], k: 10), Is.Empty);
    }

    [Test]
    public void Candidates_TwoMatchedSessions_ServeBothBestShareFirst()
    {
        PastSession again = new(3_000, [5, 8], [1f, 0.75f]);

        var recall = MemoryRecall.Match(Plays((5, 1f)), [StartedOnFive, again], Threshold, [], Catalog);

        Assert.That(Tracks(recall.Candidates([], k: 10)), Is.EqualTo(new[] { 9, 6, 8 }), "the best share heard first; both sessions match");
        Assert.That(recall.Matched, Is.EqualTo(2));
    }

    [Test]
    public void Candidates_ShareOfExactlyTheThreshold_IsLiked()
    {
        PastSession atThreshold = new(1_000, [5, 6], [1f, 0.7f]);

        var recall = MemoryRecall.Match(Plays((5, 1f)), [atThreshold], Threshold, [], Catalog);

        Assert.That(Tracks(recall.Candidates([], k: 10)), Is.EqualTo(new[] { 6 }), "0.7f is 0.7, as the listener reported it");
    }

    [Test]
    public void Candidates_IndexNeighbourLikedInAPastSession_MatchesByHint()
    {
        var plays = Plays((100, 1f));

        var withoutHints = MemoryRecall.Match(plays, [StartedOnFive, Unrelated], Threshold, [], Catalog);
        var withHints = MemoryRecall.Match(plays, [StartedOnFive, Unrelated], Threshold, [new Candidate(6, 0.9f), new Candidate(77, 0.8f)], Catalog);

        Assert.That(withoutHints.Matched, Is.Zero);
        Assert.That(withHints.Matched, Is.EqualTo(1));
        Assert.That(Tracks(withHints.Candidates([], k: 10)), Is.EqualTo(new[] { 5, 9, 6, 8 }), "the matched session's first track and what it heard well, best first");
    }

    [Test]
    public void WithRecalledTaste_Matched_PutsTheLikedTracksBeforeTheSessionsPlays()
    {
        var plays = Plays((5, 1f), (40, 0.2f));

        var taste = MemoryRecall.Match(plays, [StartedOnFive], Threshold, [], Catalog).WithRecalledTaste(plays, max: 4)!;

        Assert.That(taste.Tracks, Is.EqualTo(new[] { 9, 6, 5, 40 }), "room for two recalled tracks, the best heard");
        Assert.That(taste.Shares, Is.EqualTo(new[] { 1f, 0.9f, 1f, 0.2f }));
        Assert.That(taste.Previous, Is.EqualTo(40));
    }

    [Test]
    public void Match_LikedArtistOfAPastSession_MatchesItWithoutASharedTrack()
    {
        // Tracks 10..19 are one artist's: 12 now, 15 liked in the past session.
        var catalog = TestCatalogs.Create(200, tracksPerArtist: 10);
        PastSession sameArtist = new(1_000, [15, 40, 41], [1f, 0.9f, 0.2f]);
        PastSession otherArtist = new(2_000, [60, 70], [1f, 0.9f]);

        var recall = MemoryRecall.Match(Plays((12, 1f)), [sameArtist, otherArtist], Threshold, [], catalog);

        Assert.That(recall.Matched, Is.EqualTo(1));
        Assert.That(Tracks(recall.Candidates([], k: 10)), Is.EqualTo(new[] { 15, 40 }));
    }

    [Test]
    public void Match_SameGenreOfFirstTrack_MatchesWhenNothingElseDoes()
    {
        var catalog = new TrackCatalog([.. Enumerable.Range(0, 100).Select(i => new CatalogTrack(i, $"A{i}", $"S{i}", [i < 50 ? "rock" : "jazz"]))]);
        PastSession rock = new(1_000, [20, 21], [1f, 0.9f]);
        PastSession jazz = new(2_000, [60, 61], [1f, 0.9f]);
        PastSession jazzSharingATrack = new(3_000, [62, 5, 63], [1f, 0.9f, 0.8f]);

        var byGenre = MemoryRecall.Match(Plays((7, 1f)), [rock, jazz], Threshold, [], catalog);
        var byTrack = MemoryRecall.Match(Plays((7, 1f), (5, 0.9f)), [rock, jazzSharingATrack], Threshold, [], catalog);

        Assert.That(Tracks(byGenre.Candidates([], k: 10)), Is.EqualTo(new[] { 20, 21 }), "the session that started in the same genre");
        Assert.That(Tracks(byTrack.Candidates([], k: 10)), Is.EqualTo(new[] { 62, 63 }), "a shared liked track (+1) outweighs a shared genre (+0.25): the weak match is left out");
    }

    private static SessionPlays Plays(params (int Track, float Share)[] plays) =>
        new(plays[^1].Track, [.. plays.Select(p => p.Track)], [.. plays.Select(p => p.Share)]);

    private static int[] Tracks(Candidate[] candidates) => [.. candidates.Select(c => c.Track)];
}
