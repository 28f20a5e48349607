using Botify.Shared.Telemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Botify.Api.Telemetry;

/// <summary>Registers the API's metrics (Prometheus at <c>/metrics</c>) and, when an OTLP endpoint is configured, its traces.</summary>
internal static class ApiTelemetryExtensions
{
    /// <summary>
    /// The platform's meters the API exports beside its own: ASP.NET Core's server metrics (requests, Kestrel
    /// connections, routing), the runtime's (GC, heap, thread pool, CPU), the HTTP client's (the index channel's
    /// HTTP/2 requests and connections) and Polly's (the index client's retries, timeouts and circuit breaker).
    /// Grpc.Net.Client and Grpc.AspNetCore.Server 2.85 publish EventCounters only, no meter: their calls are
    /// the HTTP client's and ASP.NET Core's requests here, and Botify's own request histogram has the gRPC status.
    /// </summary>
    public static readonly string[] BuiltInMeters =
    [
        "Microsoft.AspNetCore.Hosting",
        "Microsoft.AspNetCore.Server.Kestrel",
        "Microsoft.AspNetCore.Routing",
        "System.Runtime",
        "System.Net.Http",
        "Polly",
    ];

    public static IServiceCollection AddApiTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<ApiMetrics>();
        services.AddSingleton<ExperimentMetrics>();
        services.AddServiceTelemetry(
            configuration,
            serviceName: "botify-api",
            ApiMetrics.MeterName,
            ApiTracing.SourceName,
            // No response cache: a scrape shows the calls made up to it (Prometheus scrapes every 15 s or so anyway).
            metrics => metrics
                .AddMeter(BuiltInMeters)
                .AddPrometheusExporter(options => options.ScrapeResponseCacheDurationMilliseconds = 0),
            tracing => tracing
                .AddAspNetCoreInstrumentation(options => options.Filter = context => ServiceTelemetry.IsTracedPath(context.Request.Path.Value))
                // The gRPC client span is the index call's parent and injects traceparent itself; the HTTP/2
                // request beneath it would be a second span per call with nothing to add.
                .AddGrpcClientInstrumentation(options => options.SuppressDownstreamInstrumentation = true));
        return services;
    }

    /// <summary>Maps the Prometheus scrape endpoint and creates the instruments, so a scrape before the first call lists them.</summary>
    public static WebApplication MapApiTelemetry(this WebApplication app)
    {
        app.Services.GetRequiredService<ApiMetrics>();
        app.Services.GetRequiredService<ExperimentMetrics>();
        app.MapPrometheusScrapingEndpoint();
        return app;
    }
}
