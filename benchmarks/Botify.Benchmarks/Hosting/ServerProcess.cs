using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Botify.Benchmarks.Hosting;

/// <summary>
/// What the benchmarks' throw-away servers (nats-server, redis-server) share: finding the binary on PATH,
/// starting it with its output drained, waiting until it accepts connections, and killing it.
/// </summary>
internal static class ServerProcess
{
    /// <summary>The binary's full path on PATH, or null when it is not installed.</summary>
    public static string? Find(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, name))
            .FirstOrDefault(File.Exists);

    /// <summary>Starts <paramref name="binary"/> with its output read and dropped, so a chatty server never blocks on a full pipe.</summary>
    public static Process Start(string binary, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(binary) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {binary}");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>True once the loopback port accepts a connection; false after 10 s.</summary>
    public static async Task<bool> AcceptsAsync(int port)
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port).ConfigureAwait(false);
                return true;
            }
            catch (SocketException)
            {
                await Task.Delay(50).ConfigureAwait(false);
            }
        }

        return false;
    }

    /// <summary>Kills the server if it still runs and releases the process.</summary>
    public static void Stop(Process process)
    {
        if (!process.HasExited)
        {
            process.Kill();
            process.WaitForExit(5_000);
        }

        process.Dispose();
    }
}
