using System.Globalization;
using System.Net.Sockets;
using Botify.Shared.Events.Stream;

namespace Botify.Benchmarks.Faults;

/// <summary>A nats-server child process with JetStream; ready when it accepts connections.</summary>
internal sealed record NatsEndpoint(ServiceProcess Process, int Port)
{
    public string Url => string.Create(CultureInfo.InvariantCulture, $"nats://127.0.0.1:{Port}");

    /// <summary>The API's stream with the default layout.</summary>
    public EventStreamSource Events => new(Url, new EventStreamLayout(), Consumer: "botify-faults");

    public async Task<bool> WaitReadyAsync(TimeSpan timeout)
    {
        var deadline = FaultClock.Now + timeout.TotalSeconds;
        while (FaultClock.Now < deadline)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", Port).ConfigureAwait(false);
                return true;
            }
            catch (SocketException)
            {
                await Task.Delay(20).ConfigureAwait(false);
            }
        }

        return false;
    }
}
