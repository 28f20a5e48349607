using Botify.Shared.Telemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Botify.Index.Telemetry;

/// <summary>Registers the index's metrics (Prometheus at <c>/metrics</c>) and, when an OTLP endpoint is configured, its traces.</summary>
internal static class IndexTelemetryExtensions
{
    /// <summary>
    /// The platform's meters the index exports beside its own: ASP.NET Core's server metrics (requests, Kestrel
    /// connections, routing) and the runtime's (GC, heap, thread pool, CPU). The index makes no outgoing calls,
    /// and Grpc.AspNetCore.Server 2.85 publishes EventCounters only, no meter: its calls are ASP.NET Core's requests.
    /// </summary>
    public static readonly string[] BuiltInMeters =
    [
        "Microsoft.AspNetCore.Hosting",
        "Microsoft.AspNetCore.Server.Kestrel",
        "Microsoft.AspNetCore.Routing",
        "System.Runtime",
    ];

    public static IServiceCollection AddIndexTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<IndexMetrics>();
        services.AddServiceTelemetry(
            configuration,
            serviceName: "botify-index",
            IndexMetrics.MeterName,
            IndexTracing.SourceName,
            // No response cache: a scrape shows the searches made up to it.
            metrics => metrics
                .AddMeter(BuiltInMeters)
                .AddPrometheusExporter(options => options.ScrapeResponseCacheDurationMilliseconds = 0),
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
