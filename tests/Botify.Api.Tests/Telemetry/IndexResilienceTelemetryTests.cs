using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Botify.Api.IndexClient;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Polly.Timeout;

namespace Botify.Api.Tests.Telemetry;

/// <summary>
/// Polly's own telemetry on the index client's pipelines: the meter <c>Polly</c> counts the breaker's
/// transitions, retries and timeouts in <c>resilience.polly.strategy.events</c> per pipeline and strategy,
/// and its log says the transitions at Polly's levels while per-search events stay at Debug.
/// </summary>
public sealed class IndexResilienceTelemetryTests
{
    private readonly ConcurrentQueue<(string Pipeline, string? Strategy, string Event, string Severity)> _events = new();
    private FakeTimeProvider _time = null!;
    private CapturedLog _log = null!;
    private ILoggerFactory _loggers = null!;
    private MeterListener _listener = null!;

    [SetUp]
    public void Listen()
    {
        _time = new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddDays(1));
        _log = new CapturedLog();
        _events.Clear();
        _loggers = LoggerFactory.Create(builder => builder.AddProvider(_log).SetMinimumLevel(LogLevel.Trace));
        _listener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == "Polly" && instrument.Name == "resilience.polly.strategy.events")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        _listener.SetMeasurementEventCallback<int>((_, _, tags, _) =>
        {
            var named = new Dictionary<string, string?>(StringComparer.Ordinal);
            foreach (var tag in tags)
            {
                named[tag.Key] = tag.Value as string;
            }

            // Polly's meter is the process's: keep only this test's pipelines.
            if (named.GetValueOrDefault("pipeline.name") is IndexResiliencePipeline.CallPipelineName or IndexResiliencePipeline.SearchPipelineName
                && named.GetValueOrDefault("event.name") is { } name && name != "PipelineExecuting")
            {
                _events.Enqueue((named["pipeline.name"]!, named.GetValueOrDefault("strategy.name"), name, named["event.severity"]!));
            }
        });
        _listener.Start();
    }

    [TearDown]
    public void StopListening()
    {
        _listener.Dispose();
        _loggers.Dispose();
        _log.Dispose();
    }

    [Test]
    public void CallBreaker_OpensHalfOpensAndCloses_PollyCountsEachTransitionAndLogsItAtItsLevel()
    {
        var breaker = IndexResiliencePipeline.BuildCallBreaker(new IndexClientOptions { BreakerMinimumThroughput = 5 }, _time, onStateChange: null, IndexResiliencePipeline.Telemetry(_loggers));
        for (var i = 0; i < 5; i++)
        {
            Assert.That(() => breaker.Execute<int>(_ => throw Unavailable()), Throws.TypeOf<RpcException>());
        }

        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.That(breaker.Execute(_ => 42), Is.EqualTo(42));

        Assert.That(
            _events.Select(e => (e.Pipeline, e.Strategy, e.Event)),
            Is.EqualTo(new[]
            {
                (IndexResiliencePipeline.CallPipelineName, IndexResiliencePipeline.BreakerName, "OnCircuitOpened"),
                (IndexResiliencePipeline.CallPipelineName, IndexResiliencePipeline.BreakerName, "OnCircuitHalfOpened"),
                (IndexResiliencePipeline.CallPipelineName, IndexResiliencePipeline.BreakerName, "OnCircuitClosed"),
            }));
        var transitions = _log.Entries.Where(e => e.Category == "Polly" && e.Message.Contains("OnCircuit", StringComparison.Ordinal)).ToList();
        Assert.That(transitions.Select(e => e.Level), Is.EqualTo(new[] { LogLevel.Error, LogLevel.Warning, LogLevel.Information }), "opened, half-opened, closed");
        Assert.That(_log.Entries.Where(e => e.Category == "Polly" && e.Level > LogLevel.Debug).Except(transitions), Is.Empty, "the calls themselves are logged at Debug only");
    }

    [Test]
    public async Task SearchPipeline_RetryAndTimeout_CountedByPollyButLoggedOnlyAtDebug()
    {
        var pipeline = IndexResiliencePipeline.Build<int>(new IndexClientOptions { RetryDelay = TimeSpan.Zero, MaxRetries = 1 }, _time, IndexResiliencePipeline.Telemetry(_loggers));

        Assert.That(async () => await pipeline.ExecuteAsync<int>(_ => throw Unavailable()), Throws.TypeOf<RpcException>());
        var slow = pipeline.ExecuteAsync(async token => { await Task.Delay(Timeout.Infinite, token); return 1; }).AsTask();
        for (var i = 0; i < 10 && !slow.IsCompleted; i++)
        {
            _time.Advance(TimeSpan.FromMilliseconds(50));
            await Task.Delay(20);
        }

        Assert.That(async () => await slow, Throws.TypeOf<TimeoutRejectedException>());
        var events = _events.ToList();
        Assert.That(events.Count(e => e.Event == "OnRetry" && e.Strategy == IndexResiliencePipeline.RetryName), Is.GreaterThanOrEqualTo(2), "the failed search's retry and the slow one's");
        Assert.That(events.Where(e => e.Event == "OnTimeout").Select(e => e.Strategy), Does.Contain(IndexResiliencePipeline.AttemptTimeoutName));
        Assert.That(events.Where(e => e.Event is "OnRetry" or "OnTimeout").Select(e => e.Severity), Is.All.EqualTo("Debug"));
        Assert.That(_log.Entries.Where(e => e.Category == "Polly" && e.Level > LogLevel.Debug), Is.Empty, "a line per search would flood the log during an outage");
    }

    private static RpcException Unavailable() => new(new Status(StatusCode.Unavailable, "index down"));
}
