using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Botify.Api.Sessions;

/// <summary>
/// Degraded while the shared session store (Redis) is unreachable — not connected, or its latest call
/// failed — and Healthy otherwise (the memory store always is). Degraded, not Unhealthy: the replica still
/// answers every call (session-less), and taking all replicas out of rotation because Redis is down would
/// turn a degraded service into no service. <c>/healthz</c> says <c>Degraded</c>; the gRPC health service
/// keeps SERVING.
/// </summary>
internal sealed class SessionStoreHealthCheck(IOptions<SessionStoreOptions> options, IServiceProvider services) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (options.Value.Store != SessionStoreKind.Redis)
        {
            return Task.FromResult(HealthCheckResult.Healthy("sessions in memory"));
        }

        var redis = services.GetRequiredService<RedisSessionStore>();
        var store = services.GetRequiredService<ISessionStore>() as SessionLessFallbackStore;
        if (!redis.IsConnected)
        {
            return Task.FromResult(HealthCheckResult.Degraded("Redis is unreachable; calls are answered session-less while the client reconnects"));
        }

        return Task.FromResult(store is { LastCallFailed: true }
            ? HealthCheckResult.Degraded("the latest Redis call failed or missed its deadline; calls are answered session-less")
            : HealthCheckResult.Healthy("Redis connected"));
    }
}
