using Botify.Api.Resilience;
using Grpc.Core;
using Microsoft.Extensions.Time.Testing;
using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace Botify.Api.Tests.Resilience;

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
    public void Execute_AnswerStatus_NeitherRetriedNorCounted(StatusCode code)
    {
        var states = new List<CircuitState>();
        var pipeline = Build(states.Add);
        var calls = 0;

        for (var i = 0; i < 20; i++)
        {
            Assert.That(async () => await pipeline.ExecuteAsync<int>(_ => { calls++; throw new RpcException(new Status(code, "x")); }), Throws.TypeOf<RpcException>());
        }

        Assert.That(calls, Is.EqualTo(20));
        Assert.That(states, Is.Empty, "the breaker stays closed");
    }

    [Test]
    public void Execute_RepeatedFailures_OpenTheCircuitThenFailFast()
    {
        var states = new List<CircuitState>();
        var pipeline = Build(states.Add);
        var calls = 0;

        for (var i = 0; i < 10; i++)
        {
            try
            {
                pipeline.Execute<int>(_ => { calls++; throw Unavailable(); });
            }
            catch (Exception e) when (e is RpcException or BrokenCircuitException)
            {
            }
        }

        var callsWhenOpen = calls;
        Assert.That(states, Does.Contain(CircuitState.Open));
        Assert.That(() => pipeline.Execute<int>(_ => { calls++; return 1; }), Throws.InstanceOf<BrokenCircuitException>());
        Assert.That(calls, Is.EqualTo(callsWhenOpen), "an open circuit does not call the index");
    }

    [Test]
    public void Execute_AfterBreakDuration_ProbeSucceedsAndClosesTheCircuit()
    {
        var states = new List<CircuitState>();
        var pipeline = Build(states.Add);
        for (var i = 0; i < 10; i++)
        {
            try
            {
                pipeline.Execute<int>(_ => throw Unavailable());
            }
            catch (Exception e) when (e is RpcException or BrokenCircuitException)
            {
            }
        }

        _time.Advance(TimeSpan.FromSeconds(2));

        Assert.That(pipeline.Execute(_ => 42), Is.EqualTo(42));
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

    private ResiliencePipeline<int> Build(Action<CircuitState>? onState = null) =>
        IndexResiliencePipeline.Build<int>(new IndexClientOptions { RetryDelay = TimeSpan.Zero, BreakerMinimumThroughput = 5 }, _time, onState);

    private static RpcException Unavailable() => new(new Status(StatusCode.Unavailable, "index down"));
}
