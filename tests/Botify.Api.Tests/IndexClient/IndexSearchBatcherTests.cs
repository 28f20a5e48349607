using Botify.Api.IndexClient;
using Botify.Api.Tests.EndToEnd;
using Botify.Protos.V1;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Extensions.Time.Testing;

namespace Botify.Api.Tests.IndexClient;

/// <summary>
/// The index client's coalescing: an idle client sends at once, searches queued behind a call leave
/// together, each keeps its own answer, error and cancellation. A search for context
/// <see cref="Held"/> is held at the fake index until the test releases it, so what queues behind it
/// is known exactly.
/// </summary>
[Category("Integration")]
public sealed class IndexSearchBatcherTests
{
    private const int Held = 1_000;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Test]
    public async Task Search_Idle_SentAtOnceAlone()
    {
        await using var index = await FakeIndex.StartAsync();
        using var channel = GrpcChannel.ForAddress(index.Address);
        using var batcher = new IndexSearchBatcher(channel.CreateCallInvoker(), maxBatchSize: 64, maxConcurrentCalls: 2, Patience);

        var candidates = await batcher.SearchAsync(new SearchRequest { ContextTrack = 10, K = 5, Exclude = { 12 } }, CancellationToken.None);

        Assert.That(candidates.Candidates.Select(c => c.Track), Is.EqualTo(new[] { 11, 13, 14, 15, 16 }));
        Assert.That(index.Batches, Is.EqualTo(new[] { 1 }));
    }

    [Test]
    public async Task Search_QueuedBehindACall_LeaveTogetherAndEachGetsItsOwnAnswer()
    {
        await using var index = await FakeIndex.StartAsync();
        using var release = new ManualResetEventSlim();
        index.Answer = HoldingAt(release, FakeIndex.Following);
        using var channel = GrpcChannel.ForAddress(index.Address);
        using var batcher = new IndexSearchBatcher(channel.CreateCallInvoker(), maxBatchSize: 64, maxConcurrentCalls: 1, Patience);

        var held = batcher.SearchAsync(new SearchRequest { ContextTrack = Held, K = 3 }, CancellationToken.None);
        await ArrivedAsync(index, Held);
        var queued = Enumerable.Range(0, 10).Select(i => batcher.SearchAsync(new SearchRequest { ContextTrack = i * 20, K = 3, Exclude = { (i * 20) + 2 } }, CancellationToken.None)).ToArray();
        release.Set();
        var answers = await Task.WhenAll(queued);
        await held;

        Assert.That(index.Batches, Is.EqualTo(new[] { 1, 10 }), "one call alone, then the ten that queued behind it in one");
        for (var i = 0; i < answers.Length; i++)
        {
            var context = i * 20;
            Assert.That(answers[i].Candidates.Select(c => c.Track), Is.EqualTo(new[] { context + 1, context + 3, context + 4 }), $"search {i} got its own answer");
        }

        Assert.That(batcher.Batches, Is.EqualTo(2));
        Assert.That(batcher.BatchedSearches, Is.EqualTo(11));
    }

    [Test]
    public async Task Search_QueuedUnderSeveralTraces_EachQueryCarriesItsCallersTraceparent()
    {
        await using var index = await FakeIndex.StartAsync();
        using var release = new ManualResetEventSlim();
        index.Answer = HoldingAt(release, FakeIndex.Following);
        using var channel = GrpcChannel.ForAddress(index.Address);
        using var batcher = new IndexSearchBatcher(channel.CreateCallInvoker(), maxBatchSize: 64, maxConcurrentCalls: 1, Patience);

        var alone = new SearchRequest { ContextTrack = Held, K = 1 };
        Task<IndexAnswer> held;
        using (new System.Diagnostics.Activity("Next").Start())
        {
            held = batcher.SearchAsync(alone, CancellationToken.None);
        }

        await ArrivedAsync(index, Held);
        var requests = Enumerable.Range(0, 3).Select(i => new SearchRequest { ContextTrack = i, K = 1 }).ToArray();
        var callers = new List<string>();
        var searches = new List<Task<IndexAnswer>>();
        foreach (var request in requests)
        {
            using var caller = new System.Diagnostics.Activity("Next").Start();
            callers.Add(caller.Id!);
            searches.Add(batcher.SearchAsync(request, CancellationToken.None));
        }

        release.Set();
        await Task.WhenAll(searches);
        await held;

        Assert.That(index.Batches, Is.EqualTo(new[] { 1, 3 }));
        Assert.That(requests.Select(r => r.Traceparent), Is.EqualTo(callers), "each batched query names its own caller's span");
        Assert.That(alone.Traceparent, Is.Empty, "a search sent alone takes its trace from the call's header");
    }

    [Test]
    public async Task Search_BatchBoundedByMaxBatchSize()
    {
        await using var index = await FakeIndex.StartAsync();
        using var release = new ManualResetEventSlim();
        index.Answer = HoldingAt(release, FakeIndex.Following);
        using var channel = GrpcChannel.ForAddress(index.Address);
        using var batcher = new IndexSearchBatcher(channel.CreateCallInvoker(), maxBatchSize: 4, maxConcurrentCalls: 1, Patience);

        var held = batcher.SearchAsync(new SearchRequest { ContextTrack = Held, K = 1 }, CancellationToken.None);
        await ArrivedAsync(index, Held);
        var queued = Enumerable.Range(0, 10).Select(i => batcher.SearchAsync(new SearchRequest { ContextTrack = i, K = 1 }, CancellationToken.None)).ToArray();
        release.Set();
        await Task.WhenAll(queued);
        await held;

        Assert.That(index.Batches, Is.EqualTo(new[] { 1, 4, 4, 2 }));
    }

    [Test]
    public async Task Search_OneQueryRefusedInABatch_FailsOnlyThatSearch()
    {
        await using var index = await FakeIndex.StartAsync();
        using var release = new ManualResetEventSlim();
        index.Answer = HoldingAt(release, request => request.ContextTrack == 7
            ? throw new RpcException(new Status(StatusCode.NotFound, "context_track 7 has no trained vector (cold track)"))
            : FakeIndex.Following(request));
        using var channel = GrpcChannel.ForAddress(index.Address);
        using var batcher = new IndexSearchBatcher(channel.CreateCallInvoker(), maxBatchSize: 64, maxConcurrentCalls: 1, Patience);

        var held = batcher.SearchAsync(new SearchRequest { ContextTrack = Held, K = 2 }, CancellationToken.None);
        await ArrivedAsync(index, Held);
        var before = batcher.SearchAsync(new SearchRequest { ContextTrack = 5, K = 2 }, CancellationToken.None);
        var refused = batcher.SearchAsync(new SearchRequest { ContextTrack = 7, K = 2 }, CancellationToken.None);
        var after = batcher.SearchAsync(new SearchRequest { ContextTrack = 9, K = 2 }, CancellationToken.None);
        release.Set();
        await held;

        Assert.That((await before).Candidates.Select(c => c.Track), Is.EqualTo(new[] { 6, 7 }));
        Assert.That((await after).Candidates.Select(c => c.Track), Is.EqualTo(new[] { 10, 11 }));
        var error = Assert.ThrowsAsync<RpcException>(async () => await refused);
        Assert.That(error!.StatusCode, Is.EqualTo(StatusCode.NotFound));
        Assert.That(error.Status.Detail, Does.Contain("context_track 7"));
        Assert.That(index.Batches, Is.EqualTo(new[] { 1, 3 }), "the refused query was in the same call as the answered ones");
    }

    [Test]
    public async Task Search_CancelledWhileQueued_EndsAtOnceAndIsNeverSent()
    {
        await using var index = await FakeIndex.StartAsync();
        using var release = new ManualResetEventSlim();
        index.Answer = HoldingAt(release, FakeIndex.Following);
        using var channel = GrpcChannel.ForAddress(index.Address);
        using var batcher = new IndexSearchBatcher(channel.CreateCallInvoker(), maxBatchSize: 64, maxConcurrentCalls: 1, Patience);
        using var leaving = new CancellationTokenSource();

        var held = batcher.SearchAsync(new SearchRequest { ContextTrack = Held, K = 1 }, CancellationToken.None);
        await ArrivedAsync(index, Held);
        var cancelled = batcher.SearchAsync(new SearchRequest { ContextTrack = 300, K = 1 }, leaving.Token);
        var kept = batcher.SearchAsync(new SearchRequest { ContextTrack = 400, K = 1 }, CancellationToken.None);
        await leaving.CancelAsync();

        Assert.That(cancelled.IsCanceled, Is.True, "a cancelled search stops waiting while the call ahead of it is still held");
        release.Set();
        await held;
        Assert.That((await kept).Candidates.Select(c => c.Track), Is.EqualTo(new[] { 401 }));
        Assert.That(index.Requests.Select(r => r.ContextTrack), Has.No.Member(300), "the cancelled search never reached the index");
        Assert.That(index.Batches, Is.EqualTo(new[] { 1, 1 }));
    }

    [Test]
    public async Task Search_MaxBatchSizeOne_EverySearchIsItsOwnSearchCall()
    {
        await using var index = await FakeIndex.StartAsync();
        using var channel = GrpcChannel.ForAddress(index.Address);
        using var batcher = new IndexSearchBatcher(channel.CreateCallInvoker(), maxBatchSize: 1, maxConcurrentCalls: 1, Patience);

        var answers = await Task.WhenAll(Enumerable.Range(0, 5).Select(i => batcher.SearchAsync(new SearchRequest { ContextTrack = i, K = 2 }, CancellationToken.None)));

        Assert.That(answers.Select(a => a.Candidates[0].Track), Is.EqualTo(new[] { 1, 2, 3, 4, 5 }));
        Assert.That(index.Batches, Is.Empty, "no SearchBatch call");
        Assert.That(index.Requests, Has.Count.EqualTo(5));
    }

    [Test]
    public async Task Search_IndexWithoutSearchBatch_AnsweredOneSearchAtATime()
    {
        await using var index = await FakeIndex.StartAsync();
        index.SupportsBatch = false;
        using var channel = GrpcChannel.ForAddress(index.Address);
        using var batcher = new IndexSearchBatcher(channel.CreateCallInvoker(), maxBatchSize: 64, maxConcurrentCalls: 2, Patience);

        var first = await batcher.SearchAsync(new SearchRequest { ContextTrack = 20, K = 2 }, CancellationToken.None);
        var second = await batcher.SearchAsync(new SearchRequest { ContextTrack = 30, K = 2 }, CancellationToken.None);

        Assert.That(first.Candidates.Select(c => c.Track), Is.EqualTo(new[] { 21, 22 }));
        Assert.That(second.Candidates.Select(c => c.Track), Is.EqualTo(new[] { 31, 32 }));
        Assert.That(index.Requests.Select(r => r.ContextTrack), Is.EqualTo(new[] { 20, 30 }), "each answered by Search once SearchBatch was found missing");
    }

    [Test]
    public async Task Search_IndexUpgradedAfterUnimplemented_BatchesAgainAfterTheReprobeInterval()
    {
        // Regression: after one UNIMPLEMENTED the batcher never batched again until the API restarted.
        await using var index = await FakeIndex.StartAsync();
        index.SupportsBatch = false;
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var channel = GrpcChannel.ForAddress(index.Address);
        using var batcher = new IndexSearchBatcher(channel.CreateCallInvoker(), maxBatchSize: 64, maxConcurrentCalls: 2, Patience, time, TimeSpan.FromSeconds(30));

        await batcher.SearchAsync(new SearchRequest { ContextTrack = 20, K = 2 }, CancellationToken.None);
        index.SupportsBatch = true;
        await batcher.SearchAsync(new SearchRequest { ContextTrack = 30, K = 2 }, CancellationToken.None);
        var batchesBefore = index.Batches.Count;
        time.Advance(TimeSpan.FromSeconds(31));
        var after = await batcher.SearchAsync(new SearchRequest { ContextTrack = 40, K = 2 }, CancellationToken.None);

        Assert.That(batchesBefore, Is.Zero, "within the interval searches go one at a time");
        Assert.That(index.Batches, Has.Count.EqualTo(1), "past it, a batch is tried again and answered");
        Assert.That(after.Candidates.Select(c => c.Track), Is.EqualTo(new[] { 41, 42 }));
    }

    [Test]
    public async Task Search_IndexDown_EachSearchFailsUnavailable()
    {
        int port;
        await using (var index = await FakeIndex.StartAsync())
        {
            port = index.Port;
        }

        using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{port}");
        using var batcher = new IndexSearchBatcher(channel.CreateCallInvoker(), maxBatchSize: 64, maxConcurrentCalls: 1, Patience);

        var searches = Enumerable.Range(0, 4).Select(i => batcher.SearchAsync(new SearchRequest { ContextTrack = i, K = 1 }, CancellationToken.None)).ToArray();

        foreach (var search in searches)
        {
            var error = Assert.ThrowsAsync<RpcException>(async () => await search);
            Assert.That(error!.StatusCode, Is.EqualTo(StatusCode.Unavailable));
        }
    }

    /// <summary>An answer that blocks the search for <see cref="Held"/> until <paramref name="release"/> is set.</summary>
    private static Func<SearchRequest, IEnumerable<int>> HoldingAt(ManualResetEventSlim release, Func<SearchRequest, IEnumerable<int>> answer) => request =>
    {
        if (request.ContextTrack == Held && !release.Wait(Patience))
        {
            throw new RpcException(new Status(StatusCode.Aborted, "the test never released the held search"));
        }

        return answer(request).ToList();
    };

    /// <summary>Waits until the fake index has received the search for <paramref name="context"/>.</summary>
    private static Task ArrivedAsync(FakeIndex index, int context) =>
        Eventually.HoldsAsync(() => index.Requests.Any(r => r.ContextTrack == context), $"the fake index to receive the search for context {context}", Patience);
}
