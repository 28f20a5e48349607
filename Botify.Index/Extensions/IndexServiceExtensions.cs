using Botify.Index.Grpc;
using Botify.Index.Models;
using Botify.Index.Telemetry;
using Botify.Protos.V1;
using Botify.Shared.Grpc;

namespace Botify.Index.Extensions;

/// <summary>Registers and maps the index service: gRPC on the HTTP/2 endpoint, health on both, metrics on HTTP/1.1.</summary>
public static class IndexServiceExtensions
{
    public static WebApplicationBuilder AddBotifyIndex(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<IndexOptions>()
            .Bind(builder.Configuration.GetSection(IndexOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        // How long a stop (SIGTERM) waits for in-flight searches; below the pod's grace period minus its preStop pause.
        builder.Services.Configure<HostOptions>(builder.Configuration.GetSection("HostOptions"));
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddIndexTelemetry(builder.Configuration);
        builder.Services.AddSingleton<ModelHolder>();
        builder.Services.AddGrpc(options =>
        {
            options.EnableDetailedErrors = false;
            options.Interceptors.Add<AdminTokenInterceptor>();
        });
        // A request whose frame or message does not parse is INVALID_ARGUMENT with one rate-limited warning,
        // not INTERNAL or UNKNOWN; gRPC's call handler logs each refused call's stack trace at Information.
        builder.AddStrictGrpcRequests<TrackIndexService>(binder => TrackIndex.BindService(binder, null));

        builder.Services.AddGrpcReflection();
        builder.Services.AddGrpcHealthChecks()
            .AddCheck<ModelHealthCheck>("model");
        return builder;
    }

    public static WebApplication MapBotifyIndex(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseGrpcFrameCheck(TrackIndex.Descriptor.FullName);
        app.MapGrpcService<TrackIndexService>();
        app.MapGrpcHealthChecksService();
        app.MapGrpcReflectionService();
        app.MapHealthChecks("/healthz");
        app.MapIndexTelemetry();
        app.MapGet("/", () => "Botify.Index: gRPC botify.v1.TrackIndex");
        return app;
    }
}
