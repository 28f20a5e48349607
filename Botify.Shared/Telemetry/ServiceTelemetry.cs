using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Botify.Shared.Telemetry;

/// <summary>
/// The OpenTelemetry set-up both services share: one resource naming the service and the pod, the
/// service's meter (and only this host's instruments of it) with the platform's server meters, exported
/// for Prometheus at <c>/metrics</c>, and traces of the server's requests that are recorded only when
/// somewhere takes them — an OTLP endpoint is configured, or the host registered its own span processor.
/// With neither, no span is sampled, so a service without a collector pays nothing per call for tracing.
/// </summary>
public static class ServiceTelemetry
{
    /// <summary>The configuration key of Botify's own OTLP endpoint setting (<c>Telemetry__OtlpEndpoint</c> in the environment).</summary>
    public const string OtlpEndpointKey = "Telemetry:OtlpEndpoint";

    /// <summary>
    /// The platform's meters every service exports beside its own: ASP.NET Core's server metrics (requests,
    /// Kestrel connections, routing) and the runtime's (GC, heap, thread pool, CPU). Grpc.AspNetCore.Server
    /// 2.85 publishes EventCounters only, no meter: its calls are ASP.NET Core's requests here.
    /// </summary>
    public static readonly IReadOnlyList<string> ServerMeters =
    [
        "Microsoft.AspNetCore.Hosting",
        "Microsoft.AspNetCore.Server.Kestrel",
        "Microsoft.AspNetCore.Routing",
        "System.Runtime",
    ];

    /// <summary>
    /// The OTLP endpoint traces go to: <see cref="OtlpEndpointKey"/>, else the standard
    /// <c>OTEL_EXPORTER_OTLP_TRACES_ENDPOINT</c> or <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> (environment or any
    /// other configuration source); null when none is set, and then nothing is exported.
    /// </summary>
    /// <param name="configuration">The service's configuration.</param>
    /// <returns>The endpoint, or null.</returns>
    /// <exception cref="OptionsValidationException">The endpoint set is not an http:// or https:// URL.</exception>
    public static string? OtlpEndpoint(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        foreach (var key in (ReadOnlySpan<string>)[OtlpEndpointKey, "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "OTEL_EXPORTER_OTLP_ENDPOINT"])
        {
            if (configuration[key] is { Length: > 0 } endpoint && !string.IsNullOrWhiteSpace(endpoint))
            {
                if (!Uri.TryCreate(endpoint.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
                {
                    throw new OptionsValidationException(key, typeof(string), [$"{key} is '{endpoint}'; it must be an http:// or https:// URL of an OTLP collector"]);
                }

                return endpoint.Trim();
            }
        }

        return null;
    }

    /// <summary>
    /// Whether a server request to <paramref name="path"/> gets a span: every call but Prometheus scrapes,
    /// HTTP health and the probes' gRPC health checks, which would fill a trace store with noise.
    /// </summary>
    /// <param name="path">The request's path.</param>
    /// <returns>False for <c>/metrics</c>, <c>/healthz</c> and <c>/grpc.health.v1.Health/*</c>.</returns>
    public static bool IsTracedPath(string? path) =>
        path is null
        || !(path.StartsWith("/metrics", StringComparison.Ordinal)
            || path.StartsWith("/healthz", StringComparison.Ordinal)
            || path.StartsWith("/grpc.health.v1.Health/", StringComparison.Ordinal));

    /// <summary>
    /// Registers OpenTelemetry for a service: metrics from <paramref name="meterName"/>, <see cref="ServerMeters"/>
    /// and <paramref name="otherMeters"/>, for the Prometheus scrape endpoint (<see cref="MapServiceTelemetry{TMetrics}"/>);
    /// and — when <see cref="OtlpEndpoint"/> is set or a <c>BaseProcessor&lt;Activity&gt;</c> is already registered
    /// (tests register an in-memory exporter so) — traces from <paramref name="activitySourceName"/> and of the
    /// server's requests (<see cref="IsTracedPath"/>), plus what <paramref name="tracing"/> adds.
    /// </summary>
    /// <param name="services">The service's services.</param>
    /// <param name="configuration">The service's configuration (OTLP endpoint, <c>OTEL_*</c> variables).</param>
    /// <param name="serviceName">The <c>service.name</c> resource attribute, unless <c>OTEL_SERVICE_NAME</c> overrides it.</param>
    /// <param name="meterName">The name of the service's <see cref="Meter"/>, created through <see cref="IMeterFactory"/>.</param>
    /// <param name="activitySourceName">The name of the service's <see cref="ActivitySource"/>.</param>
    /// <param name="otherMeters">Meters the service exports beside its own and the server's (its clients', say).</param>
    /// <param name="tracing">Adds instrumentation to the tracer (its clients', say); runs only when traces are recorded.</param>
    /// <returns>Whether traces are recorded.</returns>
    public static bool AddServiceTelemetry(
        this IServiceCollection services,
        IConfiguration configuration,
        string serviceName,
        string meterName,
        string activitySourceName,
        IEnumerable<string> otherMeters,
        Action<TracerProviderBuilder>? tracing = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(otherMeters);
        var version = Assembly.GetEntryAssembly()?.GetName().Version?.ToString();
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(
                configuration["OTEL_SERVICE_NAME"] is { Length: > 0 } name ? name : serviceName,
                serviceVersion: version,
                autoGenerateServiceInstanceId: false,
                // In Kubernetes the host name is the pod's name: the series and spans of one pod group together.
                serviceInstanceId: Environment.MachineName))
            // No response cache: a scrape shows the calls made up to it (Prometheus scrapes every 15 s or so anyway).
            .WithMetrics(builder => builder
                .AddMeter(meterName)
                .AddMeter([.. ServerMeters, .. otherMeters])
                .AddPrometheusExporter(options => options.ScrapeResponseCacheDurationMilliseconds = 0));
        // The SDK subscribes to meters by name, process-wide; the main job and the tests run several hosts of
        // one service in a process, so each host keeps only the instruments its own IMeterFactory made.
        services.ConfigureOpenTelemetryMeterProvider((provider, builder) =>
        {
            var own = provider.GetRequiredService<IMeterFactory>();
            builder.AddView(instrument => instrument.Meter.Scope is { } scope && !ReferenceEquals(scope, own) ? MetricStreamConfiguration.Drop : null);
        });

        var endpoint = OtlpEndpoint(configuration);
        var hostProcessors = services.Any(d => d.ServiceType == typeof(BaseProcessor<Activity>));
        if (endpoint is null && !hostProcessors)
        {
            return false;
        }

        telemetry.WithTracing(builder =>
        {
            builder.AddSource(activitySourceName)
                .AddAspNetCoreInstrumentation(options => options.Filter = context => IsTracedPath(context.Request.Path.Value));
            tracing?.Invoke(builder);
            if (hostProcessors)
            {
                builder.AddProcessor(provider => new CompositeProcessor<Activity>(provider.GetServices<BaseProcessor<Activity>>()));
            }

            if (endpoint is not null)
            {
                // The exporter reads the standard OTEL_EXPORTER_OTLP_* keys itself (and appends /v1/traces to
                // OTEL_EXPORTER_OTLP_ENDPOINT for http/protobuf); only Botify's own key is set here, as given.
                builder.AddOtlpExporter(options =>
                {
                    if (configuration[OtlpEndpointKey] is { Length: > 0 } own && !string.IsNullOrWhiteSpace(own))
                    {
                        options.Endpoint = new Uri(own.Trim(), UriKind.Absolute);
                    }
                });
            }
        });
        return true;
    }

    /// <summary>
    /// Maps the Prometheus scrape endpoint and creates the service's instruments (its <typeparamref name="TMetrics"/>
    /// singleton), so a scrape before the first call lists them.
    /// </summary>
    /// <typeparam name="TMetrics">The service's metrics class, registered as a singleton.</typeparam>
    /// <param name="app">The service.</param>
    /// <returns><paramref name="app"/>.</returns>
    public static WebApplication MapServiceTelemetry<TMetrics>(this WebApplication app)
        where TMetrics : notnull
    {
        ArgumentNullException.ThrowIfNull(app);
        app.Services.GetRequiredService<TMetrics>();
        app.MapPrometheusScrapingEndpoint();
        return app;
    }
}
