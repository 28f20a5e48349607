using Botify.Api.Core;
using Botify.Api.Experiments;
using Botify.Api.Fatigue;
using Botify.Api.IndexClient;
using Botify.Api.Sessions;
using Botify.Api.Sources;
using Botify.Api.Tests.Sources;
using Botify.Shared.Catalog;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Botify.Api.Tests.Core;

/// <summary>Steps 5–6 of the fatigue rules through a whole pipeline: filters, the larger-k retry, the fallback, pick rules.</summary>
public sealed class TreatmentPipelineTests
{
    private const int User = 7;
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UnixEpoch.AddDays(1));
    private TrackCatalog _catalog = null!;
    private TrackPopularity _popularity = null!;
    private InMemorySessionStore _sessions = null!;

    [SetUp]
    public void SetUp()
    {
        _catalog = TestCatalogs.Create(200, tracksPerArtist: 10);
        _popularity = new TrackPopularity(_catalog, _time, TimeSpan.Zero);
        _sessions = new InMemorySessionStore(Options.Create(new SessionStoreOptions()), _time);
    }

    [TearDown]
    public void TearDown() => _sessions.Dispose();

    [Test]
    public async Task NextAsync_Candidates_FiltersPlayedStaleTracksAndStaleArtists()
    {
        // Session: 5 heard (history), 15 skipped (stale track, artist 1 stale).
        var source = new ScriptedSource(_ => ScriptedSource.Tracks(5, 15, 16, 42));
        var pipeline = Pipeline(source, Fatigue());
        await pipeline.NextAsync(User, 5, 1.0, default);
        await pipeline.NextAsync(User, 15, 0.1, default);

        var picks = new HashSet<int>();
        for (var i = 0; i < 20; i++)
        {
            picks.Add((await pipeline.NextAsync(User, 50, 1.0, default)).Track);
        }

        Assert.That(picks, Is.EqualTo(new HashSet<int> { 42 }), "5 and 50 played, 15 stale, 16 by a stale artist");
        Assert.That(source.Requests[1].Exclude, Is.EquivalentTo(new[] { 5, 15 }), "played and stale tracks are passed to the index as exclude");
        Assert.That(source.Requests[1].Context, Is.EqualTo(5), "after a skip the context stays at the history's top");
    }

    [Test]
    public async Task NextAsync_SessionState_OutlivesTheRequest()
    {
        var source = new ScriptedSource(_ => ScriptedSource.Tracks(100));
        var pipeline = Pipeline(source, Fatigue());

        await pipeline.NextAsync(User, 1, 1.0, default);
        await pipeline.NextAsync(User, 31, 1.0, default);
        await pipeline.NextAsync(User + 1, 61, 1.0, default);

        Assert.That(source.Requests[1].Exclude, Is.EquivalentTo(new[] { 1, 31 }));
        Assert.That(source.Requests[1].Context, Is.EqualTo(31));
        Assert.That(source.Requests[2].Exclude, Is.EquivalentTo(new[] { 61 }), "another listener has a session of its own");
    }

    [Test]
    public async Task NextAsync_AllFilteredAtK_RetriesOnceWithLargerK()
    {
        var source = new ScriptedSource(r => r.K == 100 ? ScriptedSource.Tracks(5) : ScriptedSource.Tracks(5, 77));
        var pipeline = Pipeline(source, Fatigue(), retryK: 1000);

        var reply = await pipeline.NextAsync(User, 5, 1.0, default);

        Assert.That(reply, Is.EqualTo(new Recommendation(77, "scripted")));
        Assert.That(source.Requests.Select(r => r.K), Is.EqualTo(new[] { 100, 1000 }));
    }

    [Test]
    public async Task NextAsync_RetryAlsoFiltered_FallsBackToTopPopMinusPlayed()
    {
        _popularity.Record(5, 1.0);
        _popularity.Record(9, 0.5);
        var source = new ScriptedSource(_ => ScriptedSource.Tracks(5));
        var pipeline = Pipeline(source, Fatigue(), retryK: 1000);

        var reply = await pipeline.NextAsync(User, 5, 1.0, default);

        Assert.That(reply, Is.EqualTo(new Recommendation(9, FallbackChain.TopPopName, FallbackReasons.Exhausted)));
        Assert.That(source.Requests, Has.Count.EqualTo(2), "one retry, not more");
    }

    [Test]
    public async Task NextAsync_SourceFailsAndNoPopularity_FallsBackToRandomMinusPlayed()
    {
        var source = new ScriptedSource(_ => CandidateResult.Failed(FallbackReasons.IndexUnavailable));
        var pipeline = Pipeline(source, Fatigue(), retryK: 1000);

        var reply = await pipeline.NextAsync(User, 5, 1.0, default);

        Assert.That(reply.Source, Is.EqualTo(FallbackChain.RandomName));
        Assert.That(reply.FallbackReason, Is.EqualTo(FallbackReasons.IndexUnavailable));
        Assert.That(reply.Track, Is.Not.EqualTo(5));
        Assert.That(source.Requests, Has.Count.EqualTo(1), "a failed source is not retried with a larger k");
    }

    [Test]
    public async Task NextAsync_NoFatigueLayer_UsesCandidatesAsTheyComeFromTheCurrentTrack()
    {
        var source = new ScriptedSource(_ => ScriptedSource.Tracks(5));
        var pipeline = Pipeline(source, fatigue: null);
        await pipeline.NextAsync(User, 40, 1.0, default);

        var reply = await pipeline.NextAsync(User, 5, 0.0, default);

        Assert.That(reply, Is.EqualTo(new Recommendation(5, "scripted")), "the course's seminar Contextual does not filter");
        Assert.That(source.Requests[1].Context, Is.EqualTo(5), "context is the previous track even after a skip");
        Assert.That(source.Requests[1].Exclude, Is.Empty);
    }

    [Test]
    public async Task NextAsync_GreedyPick_ReturnsBestScore()
    {
        var source = new ScriptedSource(_ => new CandidateResult([new Candidate(60, 0.2f), new Candidate(61, 0.9f), new Candidate(62, 0.5f)]));
        var pipeline = Pipeline(source, Fatigue(), pick: PickRule.Greedy);

        Assert.That((await pipeline.NextAsync(User, 5, 1.0, default)).Track, Is.EqualTo(61));
    }

    [Test]
    public void Pick_ScoreWeighted_FollowsScores()
    {
        var random = new Random(42);
        Candidate[] candidates = [new(1, 0.9f), new(2, 0.1f), new(3, -1f)];

        var picks = Enumerable.Range(0, 2000).Select(_ => CandidatePicker.Pick(candidates, PickRule.ScoreWeighted, random).Track).ToList();

        Assert.That(picks.Count(t => t == 1), Is.InRange(1700, 1900));
        Assert.That(picks, Does.Not.Contain(3), "a negative score has no weight");
    }

    [Test]
    public void Pick_Uniform_CoversAllCandidates()
    {
        var random = new Random(42);
        Candidate[] candidates = [new(1, 0.9f), new(2, 0.1f), new(3, 0.5f)];

        var picks = Enumerable.Range(0, 3000).Select(_ => CandidatePicker.Pick(candidates, PickRule.Uniform, random).Track).ToList();

        Assert.That(candidates.Select(c => picks.Count(t => t == c.Track)), Is.All.InRange(900, 1100));
    }

    [Test]
    public async Task NextAsync_SessionSource_QueriesByTheSharesHeardInPlayOrder()
    {
        var index = new RecordingIndex();
        var pipeline = Pipeline(new SessionTasteSource(index, 0.7, 0.3), Fatigue());

        await pipeline.NextAsync(User, 5, 1.0, default);
        await pipeline.NextAsync(User, 15, 0.2, default);
        await pipeline.NextAsync(User, 25, 0.9, default);

        var first = index.Queries[0].Session!;
        var third = index.Queries[2].Session!;
        Assert.That(first.Tracks, Is.EqualTo(new[] { 5 }), "the session's first track, heard in full");
        Assert.That(third.Tracks, Is.EqualTo(new[] { 5, 15, 25 }));
        Assert.That(third.Weights, Is.EqualTo(new[] { 1f / 1.9f, -0.3f * 0.8f, 0.9f / 1.9f }).Within(1e-6f));
        Assert.That(index.Queries[2].Exclude, Is.SupersetOf(new[] { 5, 15, 25 }));
    }

    [Test]
    public async Task NextAsync_SessionSourceWithoutFatigue_NeverProposesAPlayedTrack()
    {
        var index = new RecordingIndex(_ => ScriptedSource.Tracks(5, 42));
        var pipeline = Pipeline(new SessionTasteSource(index, SessionTasteSource.DefaultThreshold, 0.3), fatigue: null);

        var picks = new List<int>();
        for (var i = 0; i < 10; i++)
        {
            picks.Add((await pipeline.NextAsync(User, 5, 1.0, default)).Track);
        }

        Assert.That(picks, Is.All.EqualTo(42), "5 was played");
        Assert.That(index.Queries[0].Exclude, Is.EquivalentTo(new[] { 5 }), "played tracks go to the index as exclude");
    }

    [Test]
    public async Task NextAsync_Explore_ShareNearItsSettingLabelledAndNotAFallback()
    {
        var source = new ScriptedSource(_ => ScriptedSource.Tracks(100, 101, 102));
        var pipeline = Pipeline(source, Fatigue(), explore: 0.2);

        var replies = new List<Recommendation>();
        for (var user = 0; user < 4000; user++)
        {
            replies.Add(await pipeline.NextAsync(user, user % 200, 1.0, default));
        }

        var explored = replies.Where(r => r.Source == TreatmentPipeline.ExploreName).ToList();
        // 4000 draws at 0.2: 800 expected, standard deviation 25; the seed is fixed.
        Assert.That(explored, Has.Count.InRange(700, 900));
        Assert.That(replies.Except(explored).Select(r => r.Source), Is.All.EqualTo("scripted"));
        Assert.That(replies.Select(r => r.FallbackReason), Is.All.Null, "exploring is not falling back");
        Assert.That(explored.Select(r => r.Track).Distinct().Count(), Is.GreaterThan(150), "uniform over the catalog");
    }

    [Test]
    public async Task NextAsync_Explore_NeverAPlayedTrackAndTheSessionStillUpdated()
    {
        var source = new ScriptedSource(_ => ScriptedSource.Tracks(Enumerable.Range(100, 100).ToArray()));
        var pipeline = Pipeline(source, Fatigue(), explore: 0.5);

        var played = new List<int>();
        var explored = 0;
        for (var track = 0; track < 60; track++)
        {
            var reply = await pipeline.NextAsync(User, track, 1.0, default);
            played.Add(track);
            if (reply.Source == TreatmentPipeline.ExploreName)
            {
                explored++;
                Assert.That(played, Does.Not.Contain(reply.Track), "a random track not played this session");
            }
            else
            {
                Assert.That(source.Requests[^1].Exclude, Is.SupersetOf(played), "explored calls updated the session too");
            }
        }

        Assert.That(explored, Is.InRange(15, 45));
    }

    [Test]
    public async Task NextAsync_ExploreZero_NeverExplores()
    {
        var source = new ScriptedSource(_ => ScriptedSource.Tracks(100));
        var pipeline = Pipeline(source, Fatigue());

        for (var user = 0; user < 200; user++)
        {
            Assert.That((await pipeline.NextAsync(user, 1, 1.0, default)).Source, Is.EqualTo("scripted"));
        }
    }

    [TestCase(false, new[] { 6, 7, 42 })]
    [TestCase(true, new[] { 42 })]
    public async Task NextAsync_FreshArtists_PrefersArtistsNotPlayedThisSession(bool freshArtists, int[] expected)
    {
        // Track 5 is by artist 0, as are 6 and 7; 42 is by artist 4.
        var source = new ScriptedSource(_ => ScriptedSource.Tracks(6, 7, 42));
        var pipeline = Pipeline(source, fatigue: null, freshArtists: freshArtists);

        var picks = new HashSet<int>();
        for (var i = 0; i < 40; i++)
        {
            picks.Add((await pipeline.NextAsync(User, 5, 1.0, default)).Track);
        }

        Assert.That(picks, Is.EquivalentTo(expected));
    }

    [Test]
    public async Task NextAsync_FreshArtistsNoneLeft_PicksAmongThePlayedArtistsTracks()
    {
        var source = new ScriptedSource(_ => ScriptedSource.Tracks(6, 7));
        var pipeline = Pipeline(source, fatigue: null, freshArtists: true);

        var reply = await pipeline.NextAsync(User, 5, 1.0, default);

        Assert.That(reply.Track, Is.AnyOf(6, 7));
        Assert.That(reply.Source, Is.EqualTo("scripted"), "a played artist's track beats the fallback");
    }

    [Test]
    public async Task NextAsync_PickTop_PicksOnlyAmongTheFirstAllowedCandidates()
    {
        var source = new ScriptedSource(_ => ScriptedSource.Tracks(5, 10, 20, 30, 40));
        var pipeline = Pipeline(source, Fatigue(), pickTop: 2);

        var picks = new HashSet<int>();
        for (var i = 0; i < 40; i++)
        {
            picks.Add((await pipeline.NextAsync(User, 5, 1.0, default)).Track);
        }

        Assert.That(picks, Is.EquivalentTo(new[] { 10, 20 }), "5 is played, so the first two allowed are 10 and 20");
    }

    private static FatigueOptions Fatigue() => new() { Threshold = 0.7, ArtistsTimeout = 1, TracksTimeout = 30 };

    private TreatmentPipeline Pipeline(ICandidateSource source, FatigueOptions? fatigue, int retryK = 1000, PickRule pick = PickRule.Uniform, double explore = 0,
        bool freshArtists = false, int pickTop = 0)
    {
        var random = new Random(42);
        var treatment = new TreatmentOptions { Name = "T", K = 100, RetryK = retryK, Pick = pick, Fatigue = fatigue, Explore = explore, FreshArtists = freshArtists, PickTop = pickTop };
        var fallback = new FallbackChain(new TopPopSource(_popularity), new RandomSource(_catalog, random), random);
        return new TreatmentPipeline(treatment, source, _sessions, _catalog, fallback, random);
    }
}
