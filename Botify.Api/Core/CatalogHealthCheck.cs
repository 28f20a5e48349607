using Botify.Shared.Catalog;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Botify.Api.Core;

/// <summary>
/// Healthy once the catalog is loaded. The index is deliberately not part of health: when it is
/// slow or down the API still answers (fallback), so taking replicas out of rotation would be wrong.
/// </summary>
internal sealed class CatalogHealthCheck(TrackCatalog catalog) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(catalog.Count > 0
            ? HealthCheckResult.Healthy($"{catalog.Count} tracks")
            : HealthCheckResult.Unhealthy("the catalog has no tracks"));
}
