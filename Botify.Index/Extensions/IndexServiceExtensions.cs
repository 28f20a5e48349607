using Botify.Index.Services;
using Botify.Index.Serving;

namespace Botify.Index.Extensions;

/// <summary>Registers and maps the index service: gRPC on the HTTP/2 endpoint, health on both.</summary>
public static class IndexServiceExtensions
{
    public static WebApplicationBuilder AddBotifyIndex(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<IndexOptions>()
            .Bind(builder.Configuration.GetSection(IndexOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<ModelHolder>();
        builder.Services.AddGrpc(options => options.EnableDetailedErrors = false);
        builder.Services.AddGrpcReflection();
        builder.Services.AddGrpcHealthChecks()
            .AddCheck<ModelHealthCheck>("model");
        return builder;
    }

    public static WebApplication MapBotifyIndex(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGrpcService<TrackIndexService>();
        app.MapGrpcHealthChecksService();
        app.MapGrpcReflectionService();
        app.MapHealthChecks("/healthz");
        app.MapGet("/", () => "Botify.Index: gRPC botify.v1.TrackIndex");
        return app;
    }
}
