using Botify.Shared.Telemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Botify.Api.Telemetry;

/// <summary>Registers the API's metrics (Prometheus at <c>/metrics</c>) and, when an OTLP endpoint is configured, its traces.</summary>
internal static class ApiTelemetryExtensions
{
    public static IServiceCollection AddApiTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<ApiMetrics>();
        services.AddServiceTelemetry(
            configuration,
            serviceName: "botify-api",
            ApiMetrics.MeterName,
            ApiTracing.SourceName,
            // No response cache: a scrape shows the calls made up to it (Prometheus scrapes every 15 s or so anyway).
            metrics => metrics.AddPrometheusExporter(options => options.ScrapeResponseCacheDurationMilliseconds = 0),
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
        app.MapPrometheusScrapingEndpoint();
        return app;
    }
}
