extern alias IndexService;
using Botify.Shared.Hosting;
using Microsoft.AspNetCore.Builder;
using IndexApp = IndexService::Botify.Index.IndexApp;

namespace Botify.Api.Tests.Services;

/// <summary>The real index service in-process on a fixed loopback port, so a test can stop and restart it at the same address.</summary>
internal sealed class IndexHost : IAsyncDisposable
{
    private WebApplication? _app;

    public IndexHost(int port, string? bundlePath)
    {
        Port = port;
        BundlePath = bundlePath;
    }

    public int Port { get; }

    public string? BundlePath { get; }

    public string Address => $"http://127.0.0.1:{Port}";

    public async Task StartAsync()
    {
        string[] args =
        [
            $"--Kestrel:Endpoints:Grpc:Url=http://127.0.0.1:{Port}",
            "--Kestrel:Endpoints:Grpc:Protocols=Http2",
            $"--Kestrel:Endpoints:Http:Url=http://127.0.0.1:{LoopbackPort.Free()}",
            "--Kestrel:Endpoints:Http:Protocols=Http1",
            "--Logging:LogLevel:Default=Warning",
            "--Index:EfConstruction=64",
            .. BundlePath is null ? Array.Empty<string>() : [$"--Index:BundlePath={BundlePath}"],
        ];
        _app = IndexApp.Build(args);
        await IndexApp.StartAsync(_app);
    }

    public async Task StopAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
            _app = null;
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync();
}
