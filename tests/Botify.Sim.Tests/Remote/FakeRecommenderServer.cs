using System.Net;
using System.Net.Sockets;
using Botify.Shared.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Botify.Sim.Tests.Remote;

/// <summary>The fake recommender on a Kestrel loopback port, HTTP/2 cleartext only.</summary>
internal sealed class FakeRecommenderServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakeRecommenderServer(WebApplication app, int port, FakeBehaviour behaviour)
    {
        _app = app;
        Address = new Uri($"http://127.0.0.1:{port}");
        Behaviour = behaviour;
    }

    public Uri Address { get; }

    public FakeBehaviour Behaviour { get; }

    public static async Task<FakeRecommenderServer> StartAsync(FakeBehaviour behaviour)
    {
        var port = LoopbackPort.Free();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(kestrel =>
            kestrel.Listen(IPAddress.Loopback, port, listen => listen.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc();
        builder.Services.AddSingleton(behaviour);
        var app = builder.Build();
        app.MapGrpcService<FakeRecommenderService>();
        await app.StartAsync();
        return new FakeRecommenderServer(app, port, behaviour);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
