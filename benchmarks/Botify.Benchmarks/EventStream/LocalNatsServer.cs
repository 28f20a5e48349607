using System.Diagnostics;
using System.Globalization;
using Botify.Benchmarks.Hosting;
using Botify.Shared.Hosting;

namespace Botify.Benchmarks.EventStream;

/// <summary>
/// A throw-away <c>nats-server -js</c> on a free loopback port with its file store in a temporary folder (deleted
/// on dispose), as CI and the tests start it. Its CPU time is read so a phase can say what the server cost.
/// </summary>
internal sealed class LocalNatsServer : IDisposable
{
    private readonly Process _process;
    private readonly string _store;

    private LocalNatsServer(Process process, string store, int port)
    {
        _process = process;
        _store = store;
        Url = string.Create(CultureInfo.InvariantCulture, $"nats://127.0.0.1:{port}");
    }

    public string Url { get; }

    /// <summary>CPU time the server has used so far (all its threads).</summary>
    public TimeSpan Cpu
    {
        get
        {
            _process.Refresh();
            return _process.HasExited ? TimeSpan.Zero : _process.TotalProcessorTime;
        }
    }

    /// <summary>The server, or null and why it cannot run here.</summary>
    public static async Task<(LocalNatsServer? Server, string? Skipped)> StartAsync()
    {
        if (ServerProcess.Find("nats-server") is not { } binary)
        {
            return (null, "nats-server is not on PATH (Debian: apt-get install nats-server)");
        }

        var port = LoopbackPort.Free();
        var store = Directory.CreateTempSubdirectory("botify-bench-nats-").FullName;
        var server = new LocalNatsServer(ServerProcess.Start(binary, ["-js", "-a", "127.0.0.1", "-p", port.ToString(CultureInfo.InvariantCulture), "-sd", store]), store, port);
        if (await ServerProcess.AcceptsAsync(port).ConfigureAwait(false))
        {
            return (server, null);
        }

        server.Dispose();
        return (null, "nats-server did not accept connections within 10 s");
    }

    public void Dispose()
    {
        ServerProcess.Stop(_process);
        Directory.Delete(_store, recursive: true);
    }
}
