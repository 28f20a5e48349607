using Grpc.Core;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Telemetry;
using Polly.Timeout;

namespace Botify.Api.IndexClient;

/// <summary>
/// Builds the index client's two pipelines once: one a search runs through, one every index call runs through.
/// <para>
/// A search's pipeline, outermost first, and why:
/// <list type="number">
/// <item>total timeout — bounds the whole search, retry included, so the listener's deadline holds;</item>
/// <item>retry (at most one, jittered) — a transient fault or a slow attempt gets one more try; an open
///   circuit (<see cref="BrokenCircuitException"/>) is not retried, so it fails fast;</item>
/// <item>attempt timeout — innermost, so a slow attempt is retried. It covers the search's wait in the
///   <see cref="IndexSearchBatcher"/>'s queue as well as its call.</item>
/// </list>
/// </para>
/// <para>
/// The circuit breaker is not in that pipeline: it counts index <em>calls</em>, not searches (<see cref="BuildCallBreaker"/>).
/// The batcher sends up to 64 searches in one <c>SearchBatch</c>; with the breaker per search, one failed
/// batch counted 64 failures, and searches that timed out while queued behind a busy (not sick) index
/// counted too and opened the circuit. Per call, one failed call is one failure; a search that gives up
/// while queued never made a call and counts nothing; a call past its own deadline counts once. While the
/// circuit is open the batcher fails each search at once with <see cref="BrokenCircuitException"/>, which
/// becomes the fallback reason <c>circuit-open</c>.
/// </para>
/// NOT_FOUND (cold track), FAILED_PRECONDITION (no model), INVALID_ARGUMENT and UNIMPLEMENTED are answers,
/// not faults: neither retried nor counted by the breaker.
/// <para>
/// The search pipeline is typed by the result it carries: executing a typed call
/// through an untyped pipeline bridges every retry attempt's outcome to <c>object</c> and
/// back, two more async state machines per strategy per call.
/// </para>
/// <para>
/// Telemetry is Polly's own (<see cref="Telemetry(ILoggerFactory)"/>): the meter <c>Polly</c> counts every
/// resilience event (retries, timeouts, the breaker's opened, half-opened and closed) in
/// <c>resilience.polly.strategy.events</c>, per pipeline (<c>index</c>, <c>index-calls</c>) and strategy
/// (<see cref="TotalTimeoutName"/>, <see cref="RetryName"/>, <see cref="AttemptTimeoutName"/>, <see cref="BreakerName"/>),
/// and times executions and attempts.
/// </para>
/// </summary>
internal static class IndexResiliencePipeline
{
    /// <summary>The search pipeline's name: <c>pipeline.name</c> of its Polly telemetry.</summary>
    public const string SearchPipelineName = "index";

    /// <summary>The call breaker's pipeline name.</summary>
    public const string CallPipelineName = "index-calls";

    public const string TotalTimeoutName = "total-timeout";
    public const string RetryName = "retry";
    public const string AttemptTimeoutName = "attempt-timeout";
    public const string BreakerName = "circuit-breaker";

    /// <summary>
    /// Polly's telemetry for both pipelines: its events logged through <paramref name="loggers"/> (category
    /// <c>Polly</c>) and counted by its meter. Executions, attempts, retries and timeouts happen per search or
    /// per call, so during an index outage they would be a log line per call (Polly logs a failed execution at
    /// Information): they are logged at Debug, and counted and timed all the same. The breaker's transitions, a
    /// few per outage, keep Polly's levels: opened Error, half-opened Warning, closed Information.
    /// </summary>
    public static TelemetryOptions Telemetry(ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(loggers);
        return new TelemetryOptions
        {
            LoggerFactory = loggers,
            SeverityProvider = static args => args.Event.EventName is "PipelineExecuting" or "PipelineExecuted" or "ExecutionAttempt" or "OnRetry" or "OnTimeout"
                ? ResilienceEventSeverity.Debug
                : args.Event.Severity,
        };
    }

    public static ResiliencePipeline<TResult> Build<TResult>(IndexClientOptions options, TimeProvider time, TelemetryOptions? telemetry = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = new ResiliencePipelineBuilder<TResult> { TimeProvider = time, Name = SearchPipelineName }
            .AddTimeout(new TimeoutStrategyOptions { Timeout = options.TotalTimeout, Name = TotalTimeoutName });
        if (options.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<TResult>
            {
                Name = RetryName,
                MaxRetryAttempts = options.MaxRetries,
                Delay = options.RetryDelay,
                BackoffType = DelayBackoffType.Constant,
                UseJitter = true,
                ShouldHandle = new PredicateBuilder<TResult>()
                    .Handle<RpcException>(e => IsTransient(e.StatusCode))
                    .Handle<TimeoutRejectedException>()
                    .Handle<HttpRequestException>(),
            });
        }

        builder.AddTimeout(new TimeoutStrategyOptions { Timeout = options.AttemptTimeout, Name = AttemptTimeoutName });
        if (telemetry is not null)
        {
            builder.ConfigureTelemetry(telemetry);
        }

        return builder.Build();
    }

    /// <summary>
    /// The circuit breaker of index calls (a <c>SearchBatch</c>, or a lone <c>Search</c>), with the breaker
    /// options of <paramref name="options"/>; <see cref="IndexSearchBatcher"/> runs each call through it.
    /// It counts a transient status (the call's own DEADLINE_EXCEEDED included), a transport failure and
    /// <see cref="IndexCallDeadlineException"/>; never a caller's cancellation. <paramref name="onStateChange"/>
    /// hears every transition (readiness and <c>botify.api.index.circuit_state</c> keep the latest); with
    /// <paramref name="telemetry"/>, Polly counts and logs them too.
    /// </summary>
    public static ResiliencePipeline BuildCallBreaker(IndexClientOptions options, TimeProvider time, Action<CircuitState>? onStateChange = null, TelemetryOptions? telemetry = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = new ResiliencePipelineBuilder { TimeProvider = time, Name = CallPipelineName }
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                Name = BreakerName,
                FailureRatio = options.BreakerFailureRatio,
                MinimumThroughput = options.BreakerMinimumThroughput,
                SamplingDuration = options.BreakerSamplingDuration,
                BreakDuration = options.BreakerBreakDuration,
                ShouldHandle = new PredicateBuilder()
                    .Handle<RpcException>(e => IsTransient(e.StatusCode))
                    .Handle<HttpRequestException>()
                    .Handle<IndexCallDeadlineException>(),
                OnOpened = _ => Notify(onStateChange, CircuitState.Open),
                OnClosed = _ => Notify(onStateChange, CircuitState.Closed),
                OnHalfOpened = _ => Notify(onStateChange, CircuitState.HalfOpen),
            });
        if (telemetry is not null)
        {
            builder.ConfigureTelemetry(telemetry);
        }

        return builder.Build();
    }

    public static bool IsTransient(StatusCode code) =>
        code is StatusCode.Unavailable or StatusCode.ResourceExhausted or StatusCode.Aborted or StatusCode.Internal or StatusCode.DeadlineExceeded;

    private static ValueTask Notify(Action<CircuitState>? onStateChange, CircuitState state)
    {
        onStateChange?.Invoke(state);
        return ValueTask.CompletedTask;
    }
}
