using Microsoft.AspNetCore.Builder;

namespace Botify.Benchmarks.ApiThroughput;

/// <summary>The no-op Recommender on a loopback HTTP/2 port.</summary>
internal sealed class NoOpServer(WebApplication app, Uri address) : IAsyncDisposable
{
    public Uri Address { get; } = address;

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
