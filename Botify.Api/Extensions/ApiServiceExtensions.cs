using Botify.Api.Admin;
using Botify.Api.Caching;
using Botify.Api.Core;
using Botify.Api.EventLog;
using Botify.Api.Experiments;
using Botify.Api.Grpc;
using Botify.Api.IndexClient;
using Botify.Api.JsonApi;
using Botify.Api.Memory;
using Botify.Api.Sessions;
using Botify.Api.Sources;
using Botify.Api.Telemetry;
using Botify.Protos.V1;
using Botify.Shared.Catalog;
using Botify.Shared.Grpc;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Botify.Api.Extensions;

/// <summary>Registers and maps the recommender service: gRPC on the HTTP/2 endpoint, the course's JSON API, health and metrics on HTTP/1.1.</summary>
public static class ApiServiceExtensions
{
    private const string HostingDiagnosticsCategory = "Microsoft.AspNetCore.Hosting.Diagnostics";
    public static WebApplicationBuilder AddBotifyApi(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var configuration = builder.Configuration;
        services.AddOptions<ApiOptions>().Bind(configuration.GetSection(ApiOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<SessionStoreOptions>().Bind(configuration.GetSection(SessionStoreOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<IndexClientOptions>().Bind(configuration.GetSection(IndexClientOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<EventLogOptions>().Bind(configuration.GetSection(EventLogOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ExperimentOptions>().Bind(configuration.GetSection(ExperimentOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ExperimentOptions>, ExperimentOptionsValidator>();
        // How long a stop (SIGTERM) waits for in-flight calls and the event log's flush; keep it below
        // the pod's terminationGracePeriodSeconds minus its preStop pause.
        services.Configure<HostOptions>(configuration.GetSection("HostOptions"));
        // ASP.NET Core's hosting logger costs an Activity and a logging scope per request while on at any level, for
        // messages below the Warning the service logs at: off unless configured (docs/operations/kubernetes.md#metrics-traces-and-logs).
        if (configuration[$"Logging:LogLevel:{HostingDiagnosticsCategory}"] is null)
        {
            builder.Logging.AddFilter(HostingDiagnosticsCategory, LogLevel.None);
        }

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => sp.GetRequiredService<IOptions<ApiOptions>>().Value.RandomSeed is var seed and not 0 ? new LockedRandom(seed) : Random.Shared);
        services.AddSingleton(LoadCatalog);
        services.AddSingleton(CreatePopularity);
        services.AddApiTelemetry(configuration);
        services.TryAddSingleton<RedisSessionStore>();
        services.TryAddSingleton(sp => ActivatorUtilities.CreateInstance<SessionLessFallbackStore>(
            sp, new TimedSessionStore(sp.GetRequiredService<RedisSessionStore>(), SessionStoreKind.Redis, sp.GetRequiredService<ApiMetrics>())));
        services.TryAddSingleton<ISessionStore>(CreateSessionStore);
        services.AddOptions<ListenerMemoryOptions>().Bind(configuration.GetSection(ListenerMemoryOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(CreateListenerMemory);
        services.AddSingleton<ListenerMemoryRebuild>();
        services.AddHostedService(sp => sp.GetRequiredService<ListenerMemoryRebuild>());
        services.TryAddSingleton<IIndexSearch, ResilientIndexSearch>();
        services.AddSingleton<IndexConnectionState>();
        services.AddHostedService<IndexWarmUp>();
        services.AddSingleton<RandomSource>();
        services.AddSingleton<TopPopSource>();
        services.AddSingleton<StickyArtistSource>();
        services.AddOptions<CandidateCacheOptions>().Bind(configuration.GetSection(CandidateCacheOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<CandidateCache>();
        services.AddHostedService<CandidateCacheVersionWatch>();
        services.AddSingleton<ContextualSource>();
        services.AddSingleton<ContextualUserSource>();
        services.AddSingleton<FallbackChain>();
        services.AddSingleton(CreateExperiments);
        services.AddEventSink(configuration);
        services.AddSingleton<RecommendationService>();

        services.AddGrpc(options => options.EnableDetailedErrors = false);
        // A request whose frame or message does not parse is INVALID_ARGUMENT with one rate-limited warning,
        // not INTERNAL or UNKNOWN; gRPC's call handler is turned down to Warning (it logged every refused
        // call's stack trace at Information), so a handler's failure stays visible at Error.
        builder.AddStrictGrpcRequests<RecommenderService>(binder => Recommender.BindService(binder, null));

        services.AddGrpcReflection();
        services.AddGrpcHealthChecks().AddCheck<CatalogHealthCheck>("catalog").AddCheck<SessionStoreHealthCheck>("session-store").AddCheck<IndexHealthCheck>("index");
        return builder;
    }

    public static WebApplication MapBotifyApi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseGrpcFrameCheck(Recommender.Descriptor.FullName);
        app.MapGrpcService<RecommenderService>();
        app.MapGrpcHealthChecksService();
        app.MapGrpcReflectionService();
        app.MapHealthChecks("/healthz");
        // Built now, not on the first call, so a Redis store starts connecting (in the background) at start-up.
        app.Services.GetRequiredService<ISessionStore>();
        app.MapApiTelemetry();
        app.MapCourseJsonApi();
        app.MapListenerAdmin();
        return app;
    }

    /// <summary>
    /// The configured store, timed per call for <c>botify_api_session_store_duration_seconds</c>. Redis is
    /// wrapped once more (<see cref="SessionLessFallbackStore"/>) so its outage answers session-less instead of failing the call.
    /// </summary>
    private static ISessionStore CreateSessionStore(IServiceProvider services) =>
        services.GetRequiredService<IOptions<SessionStoreOptions>>().Value.Store == SessionStoreKind.Redis
            ? services.GetRequiredService<SessionLessFallbackStore>()
            : new TimedSessionStore(ActivatorUtilities.CreateInstance<InMemorySessionStore>(services), SessionStoreKind.Memory, services.GetRequiredService<ApiMetrics>());

    private static TrackCatalog LoadCatalog(IServiceProvider services)
    {
        var path = services.GetRequiredService<IOptions<ApiOptions>>().Value.CatalogPath;
        var catalog = TrackCatalog.Load(path);
        var logger = services.GetRequiredService<ILogger<TrackCatalog>>();
        ApiLog.CatalogLoaded(logger, path, catalog.Count, catalog.ArtistCount);
        return catalog;
    }

    private static TrackPopularity CreatePopularity(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<ApiOptions>>().Value;
        var popularity = new TrackPopularity(services.GetRequiredService<TrackCatalog>(), services.GetRequiredService<TimeProvider>(), options.TopPopRefresh);
        if (!string.IsNullOrWhiteSpace(options.TopPopLogPath))
        {
            var counted = popularity.Seed(options.TopPopLogPath);
            var logger = services.GetRequiredService<ILogger<TrackPopularity>>();
            ApiLog.PopularitySeeded(logger, options.TopPopLogPath, counted);
        }

        return popularity;
    }

    private static SessionTasteSource SessionSource(IServiceProvider services, TreatmentOptions treatment) => new(
        services.GetRequiredService<IIndexSearch>(),
        treatment.Fatigue?.Threshold ?? SessionTasteSource.DefaultThreshold,
        treatment.SessionSkipWeight);

    /// <summary>
    /// The listener memory where the sessions live: this process, or Redis on the session store's connection,
    /// wrapped so an outage answers without memory; nothing at all when <c>ListenerMemory:Enabled</c> is false.
    /// </summary>
    private static IListenerMemory CreateListenerMemory(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<ListenerMemoryOptions>>().Value;
        if (!options.Enabled)
        {
            return NoListenerMemory.Instance;
        }

        return services.GetRequiredService<IOptions<SessionStoreOptions>>().Value.Store == SessionStoreKind.Redis
            ? ActivatorUtilities.CreateInstance<ResilientListenerMemory>(services, ActivatorUtilities.CreateInstance<RedisListenerMemory>(services))
            : ActivatorUtilities.CreateInstance<InMemoryListenerMemory>(services);
    }

    private static ExperimentRegistry CreateExperiments(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<ExperimentOptions>>().Value;
        var registry = new ExperimentRegistry(options, treatment => new TreatmentPipeline(
            treatment,
            treatment.Recommender switch
            {
                RecommenderKind.Random => services.GetRequiredService<RandomSource>(),
                RecommenderKind.TopPop => services.GetRequiredService<TopPopSource>(),
                RecommenderKind.StickyArtist => services.GetRequiredService<StickyArtistSource>(),
                RecommenderKind.ContextualUser => services.GetRequiredService<ContextualUserSource>(),
                RecommenderKind.Session => SessionSource(services, treatment),
                RecommenderKind.Memory => new MemorySource(
                    SessionSource(services, treatment),
                    services.GetRequiredService<IListenerMemory>(),
                    services.GetRequiredService<TrackCatalog>(),
                    treatment.Fatigue?.Threshold ?? SessionTasteSource.DefaultThreshold),
                _ => services.GetRequiredService<ContextualSource>(),
            },
            services.GetRequiredService<ISessionStore>(),
            services.GetRequiredService<TrackCatalog>(),
            services.GetRequiredService<FallbackChain>(),
            services.GetRequiredService<Random>()));
        var described = string.Join(", ", options.Served().Select(t => $"{t.Name}={t.Recommender}/k{t.K}/{t.Pick}{(t.Fatigue is { } f ? $"/fatigue({f.Threshold},{f.ArtistsTimeout},{f.TracksTimeout})" : string.Empty)}{(t.Explore > 0 ? $"/explore{t.Explore}" : string.Empty)}"));
        var logger = services.GetRequiredService<ILogger<ExperimentRegistry>>();
        ApiLog.ExperimentConfigured(logger, options.Name, described);
        return registry;
    }
}
