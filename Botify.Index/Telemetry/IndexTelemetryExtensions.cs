using Botify.Shared.Telemetry;

namespace Botify.Index.Telemetry;

/// <summary>Registers the index's metrics (Prometheus at <c>/metrics</c>) and, when an OTLP endpoint is configured, its traces.</summary>
internal static class IndexTelemetryExtensions
{
    public static IServiceCollection AddIndexTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<IndexMetrics>();
        // The server's meters only: the index makes no outgoing calls. Its server span continues the API's trace
        // from the request's traceparent header.
        services.AddServiceTelemetry(configuration, serviceName: "botify-index", IndexMetrics.MeterName, IndexTracing.SourceName, otherMeters: []);
        return services;
    }

    /// <summary>Maps the Prometheus scrape endpoint and creates the instruments, so a scrape before the first search lists them.</summary>
    public static WebApplication MapIndexTelemetry(this WebApplication app) => app.MapServiceTelemetry<IndexMetrics>();
}
