using Botify.Protos.V1;
using Botify.Shared.Events;
using Botify.Shared.Hosting;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;

namespace Botify.Api.Tests.EndToEnd;

/// <summary>
/// The API on real Kestrel loopback ports, configured only from the test's arguments (appsettings.json
/// is dropped so the tests do not depend on it), with a gRPC client and an HTTP client.
/// </summary>
internal sealed class ApiServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private bool _stopped;

    private ApiServer(WebApplication app, int grpcPort, int httpPort, string eventFolder)
    {
        _app = app;
        EventFolder = eventFolder;
        GrpcAddress = new Uri($"http://127.0.0.1:{grpcPort}");
        Channel = GrpcChannel.ForAddress($"http://127.0.0.1:{grpcPort}");
        Client = new Recommender.RecommenderClient(Channel);
        Health = new Health.HealthClient(Channel);
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}") };
    }

    /// <summary>The gRPC endpoint, for clients of their own (the simulator's driver).</summary>
    public Uri GrpcAddress { get; }

    public GrpcChannel Channel { get; }

    public Recommender.RecommenderClient Client { get; }

    public Health.HealthClient Health { get; }

    public HttpClient Http { get; }

    public string EventFolder { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>Two treatments, C and T1, both with the given recommender and the fatigue layer, unless overridden by <paramref name="settings"/>.</summary>
    public static Task<ApiServer> StartAsync(string catalogPath, string indexAddress, TempFolder folder, params string[] settings) =>
        StartAsync(catalogPath, indexAddress, folder, configure: null, settings);

    /// <summary>As above; <paramref name="configure"/> runs before the service registers itself, e.g. to add a span processor.</summary>
    public static Task<ApiServer> StartAsync(string catalogPath, string indexAddress, TempFolder folder, Action<WebApplicationBuilder>? configure, params string[] settings) =>
        PortRetry.StartAsync(() => StartOnceAsync(catalogPath, indexAddress, folder, configure, settings));

    private static async Task<ApiServer> StartOnceAsync(string catalogPath, string indexAddress, TempFolder folder, Action<WebApplicationBuilder>? configure, string[] settings)
    {
        var grpcPort = LoopbackPort.Free();
        var httpPort = LoopbackPort.Free();
        var eventFolder = Path.Combine(folder.Path, "events");
        string[] args =
        [
            $"--Kestrel:Endpoints:Grpc:Url=http://127.0.0.1:{grpcPort}",
            "--Kestrel:Endpoints:Grpc:Protocols=Http2",
            $"--Kestrel:Endpoints:Http:Url=http://127.0.0.1:{httpPort}",
            "--Kestrel:Endpoints:Http:Protocols=Http1",
            "--Logging:LogLevel:Default=Warning",
            $"--Api:CatalogPath={catalogPath}",
            "--Api:RandomSeed=42",
            $"--Index:Address={indexAddress}",
            $"--EventLog:Folder={eventFolder}",
            "--Experiment:Name=RECOMMENDERS",
            .. settings,
        ];
        var app = ApiApp.Build(args, builder =>
        {
            ServiceHost.WithoutSettingsFiles(builder);
            configure?.Invoke(builder);
        });
        try
        {
            await ApiApp.StartAsync(app);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        return new ApiServer(app, grpcPort, httpPort, eventFolder);
    }

    /// <summary>Settings of one treatment at <paramref name="index"/>.</summary>
    public static string[] Treatment(int index, string name, string recommender, int k = 100, int retryK = 1000, bool fatigue = true, string pick = "Uniform")
    {
        var at = $"--Experiment:Treatments:{index}";
        string[] basic = [$"{at}:Name={name}", $"{at}:Recommender={recommender}", $"{at}:K={k}", $"{at}:RetryK={retryK}", $"{at}:Pick={pick}"];
        return fatigue ? [.. basic, $"{at}:Fatigue:Threshold=0.7", $"{at}:Fatigue:ArtistsTimeout=1", $"{at}:Fatigue:TracksTimeout=30"] : basic;
    }

    /// <summary>Stops gracefully and returns every event the log holds.</summary>
    public async Task<List<ListenerEvent>> StopAndReadEventsAsync()
    {
        await StopAsync();
        return Directory.Exists(EventFolder) ? [.. EventLogReader.Read(EventFolder)] : [];
    }

    public async Task StopAsync()
    {
        if (!_stopped)
        {
            _stopped = true;
            await _app.StopAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        Channel.Dispose();
        Http.Dispose();
        await StopAsync();
        await _app.DisposeAsync();
    }
}
