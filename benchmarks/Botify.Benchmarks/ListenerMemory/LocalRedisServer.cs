using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
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
        var binary = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, "redis-server"))
            .FirstOrDefault(File.Exists);
        if (binary is null)
        {
            return (null, "redis-server is not on PATH (Debian: apt-get install redis-server)");
        }

        var port = LoopbackPort.Free();
        var process = Process.Start(new ProcessStartInfo(binary)
        {
            ArgumentList = { "--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", string.Empty, "--appendonly", "no" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException($"could not start {binary}");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new LocalRedisServer(process, port);
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
        return (null, "redis-server did not accept connections within 10 s");
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit(5_000);
        }

        _process.Dispose();
    }
}
