using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
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
        var binary = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, "nats-server"))
            .FirstOrDefault(File.Exists);
        if (binary is null)
        {
            return (null, "nats-server is not on PATH (Debian: apt-get install nats-server)");
        }

        var port = LoopbackPort.Free();
        var store = Directory.CreateTempSubdirectory("botify-bench-nats-").FullName;
        var process = Process.Start(new ProcessStartInfo(binary)
        {
            ArgumentList = { "-js", "-a", "127.0.0.1", "-p", port.ToString(CultureInfo.InvariantCulture), "-sd", store },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException($"could not start {binary}");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new LocalNatsServer(process, store, port);
        for (var attempt = 0; attempt < 200; attempt++)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port).ConfigureAwait(false);
                return (server, null);
            }
            catch (SocketException)
            {
                await Task.Delay(50).ConfigureAwait(false);
            }
        }

        server.Dispose();
        return (null, "nats-server did not accept connections within 10 s");
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit(5_000);
        }

        _process.Dispose();
        Directory.Delete(_store, recursive: true);
    }
}
