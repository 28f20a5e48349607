using Botify.Shared.Telemetry;
using OpenTelemetry.Trace;

namespace Botify.Api.Telemetry;

/// <summary>Registers the API's metrics (Prometheus at <c>/metrics</c>) and, when an OTLP endpoint is configured, its traces.</summary>
internal static class ApiTelemetryExtensions
{
    /// <summary>
    /// The platform's meters the API exports beside its own and the server's (<see cref="ServiceTelemetry.ServerMeters"/>):
    /// the HTTP client's (the index channel's HTTP/2 requests and connections) and Polly's (the index client's retries,
    /// timeouts and circuit breaker). Grpc.Net.Client 2.85 publishes EventCounters only, no meter: its calls are the
    /// HTTP client's requests here, and Botify's own request histogram has the gRPC status.
    /// </summary>
    public static readonly string[] ClientMeters = ["System.Net.Http", "Polly"];

    public static IServiceCollection AddApiTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<ApiMetrics>();
        services.AddSingleton<ExperimentMetrics>();
        services.AddServiceTelemetry(
            configuration,
            serviceName: "botify-api",
            ApiMetrics.MeterName,
            ApiTracing.SourceName,
            ClientMeters,
            // The gRPC client span is the index call's parent and injects traceparent itself; the HTTP/2
            // request beneath it would be a second span per call with nothing to add.
            tracing => tracing.AddGrpcClientInstrumentation(options => options.SuppressDownstreamInstrumentation = true));
        return services;
    }

    /// <summary>Maps the Prometheus scrape endpoint and creates the instruments, so a scrape before the first call lists them.</summary>
    public static WebApplication MapApiTelemetry(this WebApplication app)
    {
        app.MapServiceTelemetry<ApiMetrics>();
        app.Services.GetRequiredService<ExperimentMetrics>();
        return app;
    }
}
