using Botify.Protos.V1;
using Botify.Shared.Hosting;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;

namespace Botify.Index.Tests.Grpc;

/// <summary>The index service on real Kestrel loopback ports, with a gRPC channel to it.</summary>
internal sealed class IndexServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private IndexServer(WebApplication app, int grpcPort, int httpPort)
    {
        _app = app;
        GrpcPort = grpcPort;
        HttpPort = httpPort;
        Channel = GrpcChannel.ForAddress($"http://127.0.0.1:{grpcPort}");
        Client = new TrackIndex.TrackIndexClient(Channel);
        Health = new Health.HealthClient(Channel);
    }

    public int GrpcPort { get; }

    public int HttpPort { get; }

    public GrpcChannel Channel { get; }

    public TrackIndex.TrackIndexClient Client { get; }

    public Health.HealthClient Health { get; }

    public static Task<IndexServer> StartAsync(params string[] settings) => PortRetry.StartAsync(() => StartOnceAsync(settings));

    private static async Task<IndexServer> StartOnceAsync(string[] settings)
    {
        var grpcPort = LoopbackPort.Free();
        var httpPort = LoopbackPort.Free();
        string[] args =
        [
            $"--Kestrel:Endpoints:Grpc:Url=http://127.0.0.1:{grpcPort}",
            $"--Kestrel:Endpoints:Http:Url=http://127.0.0.1:{httpPort}",
            "--Logging:LogLevel:Default=Warning",
            "--Index:EfConstruction=64",
            .. settings,
        ];
        var app = IndexApp.Build(args);
        try
        {
            await IndexApp.StartAsync(app);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        return new IndexServer(app, grpcPort, httpPort);
    }

    public async ValueTask DisposeAsync()
    {
        Channel.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
