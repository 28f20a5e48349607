using Botify.Index;
using Botify.Shared.Hosting;
using Microsoft.AspNetCore.Builder;

namespace Botify.Api.Tests.EndToEnd;

/// <summary>The real index service in-process on a fixed loopback port, so a test can stop and restart it at the same address.</summary>
internal sealed class IndexHost : IAsyncDisposable
{
    private readonly Action<WebApplicationBuilder>? _configure;
    private readonly string[] _settings;
    private WebApplication? _app;

    /// <summary>
    /// An index on <paramref name="port"/>, serving <paramref name="bundlePath"/> (null: cold); <paramref name="configure"/>
    /// runs before it registers itself (e.g. to add a span processor); <paramref name="settings"/> are added to its command line.
    /// </summary>
    public IndexHost(int port, string? bundlePath, Action<WebApplicationBuilder>? configure = null, params string[] settings)
    {
        _settings = settings;
        Port = port;
        BundlePath = bundlePath;
        _configure = configure;
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
            .. _settings,
        ];
        _app = IndexApp.Build(args, _configure);
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
