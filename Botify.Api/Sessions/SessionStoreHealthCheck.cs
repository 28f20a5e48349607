using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Botify.Api.Sessions;

/// <summary>
/// Degraded while the session store says it cannot be used (<see cref="ISessionStore.Outage"/>: Redis not
/// connected, or its latest call failed) and Healthy otherwise (the memory store always is). Degraded, not
/// Unhealthy: the replica still answers every call (session-less), and taking all replicas out of rotation
/// because Redis is down would turn a degraded service into no service. <c>/healthz</c> says <c>Degraded</c>; the gRPC health service
/// keeps SERVING.
/// </summary>
internal sealed class SessionStoreHealthCheck(IOptions<SessionStoreOptions> options, ISessionStore sessions) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(sessions.Outage is { } outage
            ? HealthCheckResult.Degraded($"{outage}; calls are answered session-less")
            : HealthCheckResult.Healthy(options.Value.Store == SessionStoreKind.Redis ? "Redis connected" : "sessions in memory"));
}
