using Botify.Api.IndexClient;
using Botify.Protos.V1;
using Grpc.Core;
using Microsoft.Extensions.Time.Testing;
using Polly.CircuitBreaker;

namespace Botify.Api.Tests.IndexClient;

/// <summary>
/// The breaker counts index calls, not searches. Regression tests for one failed
/// SearchBatch of 64 counting 64 failures, and for searches timing out in the batcher's queue behind a
/// busy index opening the circuit.
/// </summary>
public sealed class IndexCallBreakerTests
{
    private const int MinimumThroughput = 5;
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan BreakDuration = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private readonly List<CircuitState> _states = [];
    private ScriptedIndexCalls _index = null!;
    private IndexSearchBatcher _batcher = null!;

    [SetUp]
    public void Start()
    {
        _states.Clear();
        _index = new ScriptedIndexCalls();
        _batcher = Batcher(maxBatchSize: 64);
    }

    [TearDown]
    public void Stop() => _batcher.Dispose();

    [Test]
    public async Task Search_FailedBatchesOfManySearches_EachCallCountsOnce()
    {
        // Two rounds of a call of 1 and a call of 20, every call UNAVAILABLE: 42 failed searches, 4 failed calls.
        _index.Outcome = (_, _) => Task.FromException(Unavailable());
        var failed = new List<Task<IndexAnswer>>();
        for (var round = 0; round < 2; round++)
        {
            failed.AddRange(await FailedRoundAsync(queued: 20));
        }

        Assert.That(_index.Calls, Is.EqualTo(new[] { 1, 20, 1, 20 }));
        Assert.That(failed.All(t => t.Exception?.InnerException is RpcException), Is.True, "every search failed with the call's status");
        Assert.That(_states, Is.Empty, $"{_index.Calls.Count} failed calls < MinimumThroughput {MinimumThroughput}: closed, though {failed.Count} searches failed");

        Assert.That(async () => await _batcher.SearchAsync(Query(), CancellationToken.None), Throws.TypeOf<RpcException>());

        Assert.That(_states, Is.EqualTo(new[] { CircuitState.Open }), "the fifth failed call opens it");
    }

    [Test]
    public async Task Search_QueuedSearchesTimeOutBehindABusyIndex_CircuitStaysClosed()
    {
        for (var round = 0; round < 2 * MinimumThroughput; round++)
        {
            var slow = new TaskCompletionSource();
            _index.Outcome = (_, _) => slow.Task;
            var held = _batcher.SearchAsync(Query(), CancellationToken.None);
            await Eventually.HoldsAsync(() => _index.Calls.Count == round + 1, "the held call", Patience);
            using var attemptTimeout = new CancellationTokenSource();
            var queued = Enumerable.Range(0, 30).Select(_ => _batcher.SearchAsync(Query(), attemptTimeout.Token)).ToArray();
            await attemptTimeout.CancelAsync();
            slow.SetResult();
            await held;
            Assert.That(queued.All(t => t.IsCanceled), Is.True, "the queued searches gave up");
        }

        Assert.That(_index.Calls, Has.Count.EqualTo(2 * MinimumThroughput), "searches that gave up while queued made no call");
        Assert.That(_states, Is.Empty, "a busy index is not a sick one");
    }

    [Test]
    public async Task Search_QueueFull_RefusedAtOnceAndNeverCounted()
    {
        var slow = new TaskCompletionSource();
        _index.Outcome = (_, _) => slow.Task;
        using var bounded = new IndexSearchBatcher(_index, maxBatchSize: 64, maxConcurrentCalls: 1, CallTimeout, _time, callBreaker: IndexResiliencePipeline.BuildCallBreaker(new IndexClientOptions { BreakerMinimumThroughput = MinimumThroughput }, _time, _states.Add), maxQueued: 3);
        var held = bounded.SearchAsync(Query(), CancellationToken.None);
        await Eventually.HoldsAsync(() => _index.Calls.Count == 1, "the held call", Patience);

        var queued = Enumerable.Range(0, 3).Select(_ => bounded.SearchAsync(Query(), CancellationToken.None)).ToArray();
        var refused = Enumerable.Range(0, 4 * MinimumThroughput).Select(_ => bounded.SearchAsync(Query(), CancellationToken.None)).ToArray();

        Assert.That(refused.All(t => t.IsFaulted && t.Exception!.InnerException is IndexBusyException), Is.True, "past the bound, searches fail at once, without waiting");
        Assert.That(bounded.Refused, Is.EqualTo(refused.Length));
        slow.SetResult();
        await Task.WhenAll([held, .. queued]);
        Assert.That(_index.Calls, Has.Count.EqualTo(2), "the queued searches left in one batch; the refused made no call");
        Assert.That(_states, Is.Empty, "refusals for a full queue are not failures of the index");
    }

    [Test]
    public async Task Search_SickIndex_OpensThenFailsFastWithoutCalling()
    {
        _index.Outcome = (_, _) => Task.FromException(new RpcException(new Status(StatusCode.DeadlineExceeded, "the call's own deadline")));
        for (var i = 0; i < MinimumThroughput; i++)
        {
            Assert.That(async () => await _batcher.SearchAsync(Query(), CancellationToken.None), Throws.TypeOf<RpcException>());
        }

        var open = Assert.ThrowsAsync<BrokenCircuitException>(async () => await _batcher.SearchAsync(Query(), CancellationToken.None));

        Assert.That(_states, Is.EqualTo(new[] { CircuitState.Open }));
        Assert.That(_index.Calls, Has.Count.EqualTo(MinimumThroughput), "an open circuit makes no call");
        Assert.That(ResilientIndexSearch.Reason(open!), Is.EqualTo(FallbackReasons.CircuitOpen));
        await Task.CompletedTask;
    }

    [Test]
    public async Task Search_AfterBreakDuration_HalfOpensAndTheProbeClosesIt()
    {
        _index.Outcome = (_, _) => Task.FromException(Unavailable());
        for (var i = 0; i < MinimumThroughput; i++)
        {
            Assert.That(async () => await _batcher.SearchAsync(Query(), CancellationToken.None), Throws.TypeOf<RpcException>());
        }

        _index.Outcome = (_, _) => Task.CompletedTask;
        _time.Advance(BreakDuration - TimeSpan.FromMilliseconds(1));
        Assert.That(async () => await _batcher.SearchAsync(Query(), CancellationToken.None), Throws.TypeOf<BrokenCircuitException>());
        _time.Advance(TimeSpan.FromMilliseconds(1));

        var answer = await _batcher.SearchAsync(Query(), CancellationToken.None);

        Assert.That(answer.Candidates, Is.Empty);
        Assert.That(_states, Is.EqualTo(new[] { CircuitState.Open, CircuitState.HalfOpen, CircuitState.Closed }));
    }

    [Test]
    public async Task Search_LoneCallCancelledEarly_NotCountedAsAFailure()
    {
        _batcher.Dispose();
        _batcher = Batcher(maxBatchSize: 1);
        _index.Outcome = (_, token) => Task.Delay(Timeout.Infinite, token);

        for (var i = 0; i < 2 * MinimumThroughput; i++)
        {
            using var leaving = new CancellationTokenSource();
            var search = _batcher.SearchAsync(Query(), leaving.Token);
            await leaving.CancelAsync();
            Assert.That(async () => await search, Throws.InstanceOf<OperationCanceledException>());
        }

        Assert.That(_index.Calls, Has.Count.EqualTo(2 * MinimumThroughput));
        Assert.That(_states, Is.Empty, "listeners leaving early say nothing about the index");
    }

    [Test]
    public async Task Search_LoneCallCancelledAfterItsDeadline_CountsAsAFailure()
    {
        _batcher.Dispose();
        _batcher = Batcher(maxBatchSize: 1);
        _index.Outcome = (_, token) => Task.Delay(Timeout.Infinite, token);

        for (var i = 0; i < MinimumThroughput; i++)
        {
            using var attemptTimeout = new CancellationTokenSource();
            var search = _batcher.SearchAsync(Query(), attemptTimeout.Token);
            _time.Advance(CallTimeout);
            await attemptTimeout.CancelAsync();
            Assert.That(async () => await search, Throws.InstanceOf<OperationCanceledException>(), "the caller still sees its own cancellation");
        }

        Assert.That(_states, Does.Contain(CircuitState.Open), "calls that ran their whole deadline are the index's slowness");
    }

    /// <summary>One call held until <paramref name="queued"/> searches queue behind it, then both calls fail.</summary>
    private async Task<List<Task<IndexAnswer>>> FailedRoundAsync(int queued)
    {
        var release = new TaskCompletionSource();
        var fail = _index.Outcome;
        _index.Outcome = async (n, token) =>
        {
            await release.Task;
            await fail(n, token);
        };
        var before = _index.Calls.Count;
        var searches = new List<Task<IndexAnswer>> { _batcher.SearchAsync(Query(), CancellationToken.None) };
        await Eventually.HoldsAsync(() => _index.Calls.Count == before + 1, "the held call", Patience);
        searches.AddRange(Enumerable.Range(0, queued).Select(_ => _batcher.SearchAsync(Query(), CancellationToken.None)));
        release.SetResult();
        await Task.WhenAny(Task.WhenAll(searches), Task.Delay(Patience));
        _index.Outcome = fail;
        Assert.That(searches.All(t => t.IsFaulted), Is.True, "every search of the round failed");
        return searches;
    }

    private IndexSearchBatcher Batcher(int maxBatchSize)
    {
        var options = new IndexClientOptions { BreakerMinimumThroughput = MinimumThroughput, BreakerBreakDuration = BreakDuration };
        return new IndexSearchBatcher(_index, maxBatchSize, maxConcurrentCalls: 1, CallTimeout, _time, callBreaker: IndexResiliencePipeline.BuildCallBreaker(options, _time, _states.Add));
    }

    private static SearchRequest Query() => new() { ContextTrack = 1, K = 1 };

    private static RpcException Unavailable() => new(new Status(StatusCode.Unavailable, "index down"));
}
