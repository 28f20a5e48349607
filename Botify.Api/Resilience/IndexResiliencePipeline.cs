using Grpc.Core;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace Botify.Api.Resilience;

/// <summary>
/// Builds the index client's pipeline once. Order, outermost first, and why:
/// <list type="number">
/// <item>total timeout — bounds the whole call, retry included, so the listener's deadline holds;</item>
/// <item>retry (at most one, jittered) — a transient fault or a slow attempt gets one more try;</item>
/// <item>circuit breaker — inside the retry so each attempt counts, and an open circuit fails fast
///   without the retry waiting;</item>
/// <item>attempt timeout — innermost, so a slow index is a failure the breaker sees.</item>
/// </list>
/// NOT_FOUND (cold track), FAILED_PRECONDITION (no model) and INVALID_ARGUMENT are answers, not
/// faults: neither retried nor counted by the breaker.
/// <para>
/// The pipeline is typed by the result it carries: executing a typed call
/// through an untyped pipeline bridges every retry and breaker attempt's outcome to <c>object</c> and
/// back, two more async state machines per strategy per call.
/// </para>
/// </summary>
internal static class IndexResiliencePipeline
{
    public static ResiliencePipeline<TResult> Build<TResult>(IndexClientOptions options, TimeProvider time, Action<CircuitState>? onStateChange = null)
    {
        var transient = new PredicateBuilder<TResult>()
            .Handle<RpcException>(e => IsTransient(e.StatusCode))
            .Handle<TimeoutRejectedException>()
            .Handle<HttpRequestException>();
        var builder = new ResiliencePipelineBuilder<TResult> { TimeProvider = time, Name = "index" }
            .AddTimeout(options.TotalTimeout);
        if (options.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<TResult>
            {
                MaxRetryAttempts = options.MaxRetries,
                Delay = options.RetryDelay,
                BackoffType = DelayBackoffType.Constant,
                UseJitter = true,
                ShouldHandle = transient,
            });
        }

        builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions<TResult>
        {
            FailureRatio = options.BreakerFailureRatio,
            MinimumThroughput = options.BreakerMinimumThroughput,
            SamplingDuration = options.BreakerSamplingDuration,
            BreakDuration = options.BreakerBreakDuration,
            ShouldHandle = transient,
            OnOpened = _ => Notify(onStateChange, CircuitState.Open),
            OnClosed = _ => Notify(onStateChange, CircuitState.Closed),
            OnHalfOpened = _ => Notify(onStateChange, CircuitState.HalfOpen),
        });
        builder.AddTimeout(options.AttemptTimeout);
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
