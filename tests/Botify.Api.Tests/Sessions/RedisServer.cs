using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Botify.Shared.Hosting;

namespace Botify.Api.Tests.Sessions;

/// <summary>A throw-away <c>redis-server</c> on a free loopback port; tests are ignored, saying why, when the binary is not on PATH.</summary>
internal sealed class RedisServer : IDisposable
{
    private readonly Process _process;

    private RedisServer(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public string Configuration => $"127.0.0.1:{Port}";

    public static Task<RedisServer> StartAsync() => StartAsync(LoopbackPort.Free());

    /// <summary>Starts on <paramref name="port"/>, for a test that pointed the API at the port before Redis was there.</summary>
    public static async Task<RedisServer> StartAsync(int port)
    {
        var binary = OnPath.Find("redis-server");
        if (binary is null)
        {
            Assert.Ignore("redis-server is not on PATH (apt-get install redis-server; .ci/run installs it): the Redis session store tests need a real server");
        }

        var process = Process.Start(new ProcessStartInfo(binary!)
        {
            ArgumentList = { "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", string.Empty, "--appendonly", "no" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        })!;
        process.OutputDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        for (var attempt = 0; attempt < 100; attempt++)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return new RedisServer(process, port);
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }

        process.Kill();
        throw new InvalidOperationException($"redis-server on port {port} did not accept connections within 5 s");
    }

    /// <summary>SIGKILL: the server gets no chance to close its connections politely.</summary>
    public void Kill()
    {
        _process.Kill();
        _process.WaitForExit(5000);
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit(5000);
        }

        _process.Dispose();
    }
}
