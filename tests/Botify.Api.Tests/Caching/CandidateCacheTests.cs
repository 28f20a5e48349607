using Botify.Api.Caching;
using Botify.Api.IndexClient;
using Botify.Api.Sources;
using Botify.Api.Tests.Sources;
using Microsoft.Extensions.Options;

namespace Botify.Api.Tests.Caching;

/// <summary>What the candidate cache keeps, for which model, how it answers a session's exclusions, and when it asks the index.</summary>
public sealed class CandidateCacheTests
{
    private const int Depth = 10;
    private TestMeterFactory _meters = null!;
    private CandidateCache _cache = null!;

    [SetUp]
    public void Start()
    {
        _meters = new TestMeterFactory();
        _cache = Cache(maxEntries: 1_000);
        _cache.Observe("a");
    }

    [TearDown]
    public void Stop()
    {
        _cache.Dispose();
        _meters.Dispose();
    }

    [Test]
    public void Take_Exclusions_FirstKNotExcludedInOrder()
    {
        var cached = _cache.Store(5, Answer(Enumerable.Range(6, Depth), "a"));

        var top = cached.Take(4, [9, 7, 100]);

        Assert.That(top.Candidates.Select(c => c.Track), Is.EqualTo(new[] { 6, 8, 10, 11 }));
        Assert.That(top.ModelVersion, Is.EqualTo("a"));
    }

    [Test]
    public void Store_AnswerOfAnotherModel_UsedButNotKept()
    {
        var cached = _cache.Store(5, Answer(Enumerable.Range(6, Depth), "b"));

        Assert.That(cached.Take(2, []).Candidates.Select(c => c.Track), Is.EqualTo(new[] { 6, 7 }));
        Assert.That(_cache.TryGet(5, out _), Is.False, "a reply from another model than the serving one is not kept");
    }

    [Test]
    public void Observe_NewVersion_EmptiesTheCache()
    {
        _cache.Store(5, Answer(Enumerable.Range(6, Depth), "a"));
        Assert.That(_cache.TryGet(5, out _), Is.True);

        _cache.Observe("b");

        Assert.That(_cache.TryGet(5, out _), Is.False, "the old model's list is gone");
        Assert.That(_cache.Entries, Is.Zero);
    }

    [Test]
    public async Task Store_PastMaxEntries_OldEntriesEvictedAndCounted()
    {
        using var small = Cache(maxEntries: 20);
        small.Observe("a");
        for (var context = 0; context < 200; context++)
        {
            small.Store(context, Answer([context + 1], "a"));
        }

        await Eventually.HoldsAsync(() => small.Entries <= 20, "the cache stays within MaxEntries", TimeSpan.FromSeconds(10));
        // Eviction callbacks run on the thread pool.
        await Eventually.HoldsAsync(() => small.Evictions + small.Entries == 200, "every entry that did not fit is counted", TimeSpan.FromSeconds(10));
    }

    [Test]
    public async Task GetAsync_RepeatedContext_IndexAskedOnceForTheCachesDepthWithoutExclusions()
    {
        var index = new RecordingIndex(q => Answer(Enumerable.Range(q.Context + 1, q.K).Where(t => !q.Exclude.Contains(t)).Take(q.K), "a"));
        var source = new ContextualSource(index, _cache);

        var first = await source.GetAsync(new CandidateRequest(1, Context: 50, K: 3, Exclude: [51]), CancellationToken.None);
        var second = await source.GetAsync(new CandidateRequest(2, Context: 50, K: 3, Exclude: [52]), CancellationToken.None);

        Assert.That(first.Candidates.Select(c => c.Track), Is.EqualTo(new[] { 52, 53, 54 }));
        Assert.That(second.Candidates.Select(c => c.Track), Is.EqualTo(new[] { 51, 53, 54 }));
        Assert.That(index.Queries, Has.Count.EqualTo(1));
        Assert.That((index.Queries[0].K, index.Queries[0].Exclude.Count), Is.EqualTo((Depth, 0)));
        Assert.That((_cache.Hits, _cache.Misses), Is.EqualTo((1, 1)));
    }

    [Test]
    public async Task GetAsync_ExclusionsLeaveTooFew_IndexAskedWithThem()
    {
        var index = new RecordingIndex(q => Answer(Enumerable.Range(q.Context + 1, q.K + q.Exclude.Count).Where(t => !q.Exclude.Contains(t)).Take(q.K), "a"));
        var source = new ContextualSource(index, _cache);
        int[] exclude = [.. Enumerable.Range(51, 8)];

        var result = await source.GetAsync(new CandidateRequest(1, Context: 50, K: 3, Exclude: exclude), CancellationToken.None);

        Assert.That(result.Candidates.Select(c => c.Track), Is.EqualTo(new[] { 59, 60, 61 }), "as the index answers with the exclusions");
        Assert.That(index.Queries[^1].Exclude, Is.EquivalentTo(exclude));
        Assert.That(_cache.Refills, Is.EqualTo(1));
    }

    [Test]
    public async Task GetAsync_IndexBusyWhenTooFewRemain_ServesWhatTheCacheAllows()
    {
        var busy = false;
        var index = new RecordingIndex(q => busy ? CandidateResult.Failed(FallbackReasons.IndexBusy) : Answer(Enumerable.Range(q.Context + 1, q.K), "a"));
        var source = new ContextualSource(index, _cache);
        await source.GetAsync(new CandidateRequest(1, Context: 50, K: 3, Exclude: []), CancellationToken.None);
        busy = true;

        var result = await source.GetAsync(new CandidateRequest(1, Context: 50, K: 3, Exclude: [.. Enumerable.Range(51, 8)]), CancellationToken.None);

        Assert.That(result.IsFailure, Is.False);
        Assert.That(result.Candidates.Select(c => c.Track), Is.EqualTo(new[] { 59, 60 }));
    }

    private CandidateCache Cache(int maxEntries) =>
        new(Options.Create(new CandidateCacheOptions { Depth = Depth, MaxEntries = maxEntries }), _meters);

    private static CandidateResult Answer(IEnumerable<int> tracks, string version) =>
        new([.. tracks.Select((t, i) => new Candidate(t, 1f - (0.01f * i)))], ModelVersion: version);
}
