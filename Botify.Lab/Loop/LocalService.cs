using System.Net.Sockets;
using Botify.Shared.Hosting;
using Microsoft.AspNetCore.Builder;

namespace Botify.Lab.Loop;

/// <summary>
/// A Botify service running in this process on real Kestrel loopback ports: gRPC (HTTP/2) and
/// HTTP/1.1, the same two endpoints as in production. Configuration comes only from the settings
/// given here (the services' own appsettings.json files are dropped), so a run is fully described
/// by its command line.
/// </summary>
public sealed class LocalService : IAsyncDisposable
{
    private readonly WebApplication _app;
    private bool _stopped;

    private LocalService(WebApplication app, int grpcPort, int httpPort)
    {
        _app = app;
        GrpcAddress = new Uri($"http://127.0.0.1:{grpcPort}");
        HttpAddress = new Uri($"http://127.0.0.1:{httpPort}");
    }

    public Uri GrpcAddress { get; }

    public Uri HttpAddress { get; }

    /// <summary>Starts Botify.Index with the given <c>Index:</c> settings.</summary>
    public static async Task<LocalService> StartIndexAsync(IEnumerable<string> settings, CancellationToken cancellationToken)
    {
        var (grpc, http, args) = Arguments(settings);
        var app = Index.IndexApp.Build(args, ServiceHost.WithoutSettingsFiles);
        await Index.IndexApp.StartAsync(app, cancellationToken).ConfigureAwait(false);
        return new LocalService(app, grpc, http);
    }

    /// <summary>Starts Botify.Api with the given settings, without its appsettings.json.</summary>
    public static Task<LocalService> StartApiAsync(IEnumerable<string> settings, CancellationToken cancellationToken) =>
        StartApiAsync(settings, map: null, cancellationToken);

    /// <summary>As above; <paramref name="map"/> adds endpoints of the caller's to the same server before it starts (a benchmark's no-op reference).</summary>
    public static async Task<LocalService> StartApiAsync(IEnumerable<string> settings, Action<WebApplication>? map, CancellationToken cancellationToken)
    {
        var (grpc, http, args) = Arguments(settings);
        var app = Api.ApiApp.Build(args, ServiceHost.WithoutSettingsFiles);
        map?.Invoke(app);
        await Api.ApiApp.StartAsync(app, cancellationToken).ConfigureAwait(false);
        return new LocalService(app, grpc, http);
    }

    /// <summary>Stops gracefully: in-flight calls finish and the event log is flushed.</summary>
    public async Task StopAsync()
    {
        if (!_stopped)
        {
            _stopped = true;
            await _app.StopAsync().ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private static (int Grpc, int Http, string[] Args) Arguments(IEnumerable<string> settings)
    {
        var grpc = LoopbackPort.Free();
        var http = LoopbackPort.Free();
        string[] args =
        [
            $"--Kestrel:Endpoints:Grpc:Url=http://127.0.0.1:{grpc}",
            "--Kestrel:Endpoints:Grpc:Protocols=Http2",
            $"--Kestrel:Endpoints:Http:Url=http://127.0.0.1:{http}",
            "--Kestrel:Endpoints:Http:Protocols=Http1",
            "--Logging:LogLevel:Default=Warning",
            "--Logging:LogLevel:Microsoft.AspNetCore=Warning",
            .. settings,
        ];
        return (grpc, http, args);
    }
}
