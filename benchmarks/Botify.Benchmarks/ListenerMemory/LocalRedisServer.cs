using System.Diagnostics;
using System.Globalization;
using Botify.Benchmarks.Hosting;
using Botify.Shared.Hosting;

namespace Botify.Benchmarks.ListenerMemory;

/// <summary>
/// A throw-away <c>redis-server</c> on a free loopback port, nothing persisted (<c>--save ""</c>,
/// <c>--appendonly no</c>), as the tests start it; killed on dispose.
/// </summary>
internal sealed class LocalRedisServer : IDisposable
{
    private readonly Process _process;

    private LocalRedisServer(Process process, int port)
    {
        _process = process;
        Configuration = string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{port}");
    }

    /// <summary>The StackExchange.Redis configuration string of the server.</summary>
    public string Configuration { get; }

    /// <summary>The server, or null and why it cannot run here.</summary>
    public static async Task<(LocalRedisServer? Server, string? Skipped)> StartAsync()
    {
        if (ServerProcess.Find("redis-server") is not { } binary)
        {
            return (null, "redis-server is not on PATH (Debian: apt-get install redis-server)");
        }

        var port = LoopbackPort.Free();
        var server = new LocalRedisServer(ServerProcess.Start(binary, ["--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", string.Empty, "--appendonly", "no"]), port);
        if (await ServerProcess.AcceptsAsync(port).ConfigureAwait(false))
        {
            return (server, null);
        }

        server.Dispose();
        return (null, "redis-server did not accept connections within 10 s");
    }

    public void Dispose() => ServerProcess.Stop(_process);
}
