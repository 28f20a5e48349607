using Botify.Api.IndexClient;
using Grpc.Core;
using Microsoft.Extensions.Time.Testing;
using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace Botify.Api.Tests.IndexClient;

public sealed class IndexResiliencePipelineTests
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UnixEpoch.AddDays(1));

    [Test]
    public async Task Execute_TransientStatus_RetriedOnce()
    {
        var pipeline = Build();
        var calls = 0;

        Assert.That(async () => await pipeline.ExecuteAsync<int>(_ => { calls++; throw Unavailable(); }), Throws.TypeOf<RpcException>());
        Assert.That(calls, Is.EqualTo(2));
        await Task.CompletedTask;
    }

    [TestCase(StatusCode.NotFound)]
    [TestCase(StatusCode.FailedPrecondition)]
    [TestCase(StatusCode.InvalidArgument)]
    public void Execute_AnswerStatus_NotRetried(StatusCode code)
    {
        var pipeline = Build();
        var calls = 0;

        Assert.That(async () => await pipeline.ExecuteAsync<int>(_ => { calls++; throw new RpcException(new Status(code, "x")); }), Throws.TypeOf<RpcException>());

        Assert.That(calls, Is.EqualTo(1));
    }

    [Test]
    public void Execute_OpenCircuit_NotRetried()
    {
        var pipeline = Build();
        var calls = 0;

        Assert.That(async () => await pipeline.ExecuteAsync<int>(_ => { calls++; throw new BrokenCircuitException("open"); }), Throws.TypeOf<BrokenCircuitException>());

        Assert.That(calls, Is.EqualTo(1), "an open circuit fails the search at once");
    }

    [TestCase(StatusCode.NotFound)]
    [TestCase(StatusCode.FailedPrecondition)]
    [TestCase(StatusCode.InvalidArgument)]
    [TestCase(StatusCode.Unimplemented)]
    public void CallBreaker_AnswerStatus_NotCounted(StatusCode code)
    {
        var states = new List<CircuitState>();
        var breaker = BuildBreaker(states.Add);

        for (var i = 0; i < 20; i++)
        {
            Assert.That(() => breaker.Execute<int>(_ => throw new RpcException(new Status(code, "x"))), Throws.TypeOf<RpcException>());
        }

        Assert.That(states, Is.Empty, "the breaker stays closed");
    }

    [Test]
    public void CallBreaker_CallerCancellation_NotCounted()
    {
        var states = new List<CircuitState>();
        var breaker = BuildBreaker(states.Add);

        for (var i = 0; i < 20; i++)
        {
            Assert.That(() => breaker.Execute<int>(_ => throw new OperationCanceledException()), Throws.InstanceOf<OperationCanceledException>());
        }

        Assert.That(states, Is.Empty, "a listener leaving says nothing about the index");
    }

    [Test]
    public void CallBreaker_RepeatedFailures_OpenTheCircuitThenFailFast()
    {
        var states = new List<CircuitState>();
        var breaker = BuildBreaker(states.Add);
        var calls = 0;

        for (var i = 0; i < 5; i++)
        {
            Assert.That(() => breaker.Execute<int>(_ => { calls++; throw Unavailable(); }), Throws.TypeOf<RpcException>());
        }

        Assert.That(states, Is.EqualTo(new[] { CircuitState.Open }));
        Assert.That(() => breaker.Execute<int>(_ => { calls++; return 1; }), Throws.InstanceOf<BrokenCircuitException>());
        Assert.That(calls, Is.EqualTo(5), "an open circuit does not call the index");
    }

    [Test]
    public void CallBreaker_AfterBreakDuration_ProbeSucceedsAndClosesTheCircuit()
    {
        var states = new List<CircuitState>();
        var breaker = BuildBreaker(states.Add);
        for (var i = 0; i < 5; i++)
        {
            Assert.That(() => breaker.Execute<int>(_ => throw Unavailable()), Throws.TypeOf<RpcException>());
        }

        _time.Advance(TimeSpan.FromSeconds(2));

        Assert.That(breaker.Execute(_ => 42), Is.EqualTo(42));
        Assert.That(states, Is.EqualTo(new[] { CircuitState.Open, CircuitState.HalfOpen, CircuitState.Closed }));
    }

    [Test]
    public async Task Execute_SlowIndex_AttemptTimesOutAtFiftyMilliseconds()
    {
        var pipeline = IndexResiliencePipeline.Build<int>(new IndexClientOptions { MaxRetries = 0, TotalTimeout = TimeSpan.FromSeconds(1) }, _time);

        var call = pipeline.ExecuteAsync(async token => { await Task.Delay(Timeout.Infinite, token); return 1; }).AsTask();
        _time.Advance(TimeSpan.FromMilliseconds(49));
        await Task.Delay(20);
        Assert.That(call.IsCompleted, Is.False);
        _time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.That(async () => await call, Throws.TypeOf<TimeoutRejectedException>());
    }

    private ResiliencePipeline<int> Build() =>
        IndexResiliencePipeline.Build<int>(new IndexClientOptions { RetryDelay = TimeSpan.Zero }, _time);

    private ResiliencePipeline BuildBreaker(Action<CircuitState> onState) =>
        IndexResiliencePipeline.BuildCallBreaker(new IndexClientOptions { BreakerMinimumThroughput = 5 }, _time, onState);

    private static RpcException Unavailable() => new(new Status(StatusCode.Unavailable, "index down"));
}
