using Botify.Shared.Telemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Botify.Index.Telemetry;

/// <summary>Registers the index's metrics (Prometheus at <c>/metrics</c>) and, when an OTLP endpoint is configured, its traces.</summary>
internal static class IndexTelemetryExtensions
{
    public static IServiceCollection AddIndexTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<IndexMetrics>();
        services.AddServiceTelemetry(
            configuration,
            serviceName: "botify-index",
            IndexMetrics.MeterName,
            IndexTracing.SourceName,
            // No response cache: a scrape shows the searches made up to it.
            metrics => metrics.AddPrometheusExporter(options => options.ScrapeResponseCacheDurationMilliseconds = 0),
            // The server span continues the API's trace from the request's traceparent header.
            tracing => tracing.AddAspNetCoreInstrumentation(options => options.Filter = context => ServiceTelemetry.IsTracedPath(context.Request.Path.Value)));
        return services;
    }

    /// <summary>Maps the Prometheus scrape endpoint and creates the instruments, so a scrape before the first search lists them.</summary>
    public static WebApplication MapIndexTelemetry(this WebApplication app)
    {
        app.Services.GetRequiredService<IndexMetrics>();
        app.MapPrometheusScrapingEndpoint();
        return app;
    }
}
