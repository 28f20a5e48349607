using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Botify.Index.Models;

/// <summary>Healthy (gRPC SERVING) once a model is loaded; NOT_SERVING during a cold start.</summary>
internal sealed class ModelHealthCheck(ModelHolder holder) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(holder.Current is { } model
            ? HealthCheckResult.Healthy($"serving model {model.Version}")
            : HealthCheckResult.Unhealthy("no model loaded"));
}
