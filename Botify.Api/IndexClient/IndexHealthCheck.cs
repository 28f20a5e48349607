using Botify.Api.Telemetry;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Polly.CircuitBreaker;

namespace Botify.Api.IndexClient;

/// <summary>
/// Readiness of the index connection. Unhealthy (not serving) only while the start-up warm-up runs
/// (<see cref="IndexWarmUp"/>, at most <see cref="IndexClientOptions.ReadyTimeout"/>), so a replica takes
/// traffic once its first calls can reach the index. After that never worse than Degraded: with the index
/// wrong, down or not yet answering the API still answers every call (fallback), and taking replicas out of
/// rotation for it would turn a degraded service into no service. <c>/healthz</c> says <c>Degraded</c>; the
/// gRPC health service keeps SERVING.
/// </summary>
internal sealed class IndexHealthCheck(IndexConnectionState connection, ApiMetrics metrics) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(Check());

    private HealthCheckResult Check()
    {
        var address = connection.Address;
        if (!connection.Ready.IsCompleted)
        {
            return HealthCheckResult.Unhealthy($"warming up: connecting to the index at {address}");
        }

        if (connection.WrongIndex is { } wrong)
        {
            return HealthCheckResult.Degraded($"the index at {address} is the wrong service or protocol ({wrong}); calls are served by the fallback");
        }

        if (metrics.CircuitState == CircuitState.Open)
        {
            return HealthCheckResult.Degraded($"the circuit to the index at {address} is open; calls are served by the fallback");
        }

        return connection.HasAnswered
            ? HealthCheckResult.Healthy($"the index at {address} answers")
            : HealthCheckResult.Degraded($"the index at {address} has not answered yet; calls are served by the fallback");
    }
}
