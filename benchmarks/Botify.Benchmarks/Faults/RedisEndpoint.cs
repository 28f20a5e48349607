using System.Net.Sockets;
using System.Text;

namespace Botify.Benchmarks.Faults;

/// <summary>A redis-server child process; ready when it answers PING.</summary>
internal sealed record RedisEndpoint(ServiceProcess Process, int Port)
{
    public async Task<bool> WaitReadyAsync(TimeSpan timeout)
    {
        var deadline = FaultClock.Now + timeout.TotalSeconds;
        while (FaultClock.Now < deadline)
        {
            if (await PingAsync().ConfigureAwait(false))
            {
                return true;
            }

            await Task.Delay(10).ConfigureAwait(false);
        }

        return false;
    }

    private async Task<bool> PingAsync()
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync("127.0.0.1", Port).ConfigureAwait(false);
            var stream = client.GetStream();
            await stream.WriteAsync("PING\r\n"u8.ToArray()).ConfigureAwait(false);
            var buffer = new byte[16];
            var read = await stream.ReadAsync(buffer).ConfigureAwait(false);
            return Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal);
        }
        catch (SocketException)
        {
            return false;
        }
        catch (IOException)
        {
            return false;
        }
    }
}
