using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Botify.Shared.Hosting;

/// <summary>Free TCP ports on the loopback interface, for services a process starts beside itself (the main job, tests, benchmarks).</summary>
public static class LoopbackPort
{
    private const string EphemeralRangeFile = "/proc/sys/net/ipv4/ip_local_port_range";
    private const int LowestPort = 10_000;
    private const int Attempts = 200;

    /// <summary>
    /// A port free right now (bound, then released), for the caller to bind soon after. Where the kernel
    /// names its ephemeral range (Linux), the port lies below it: outgoing connections take their local
    /// ports from that range, so a port the kernel handed out as free there could already be a client's
    /// by the time a server binds it. Elsewhere the kernel picks (port 0).
    /// </summary>
    public static int Free() => Free(EphemeralLow());

    /// <summary>A free port in [10,000, <paramref name="below"/>), or one the kernel picks when that range is empty or full.</summary>
    internal static int Free(int? below)
    {
        if (below is > LowestPort + 1_000)
        {
            var random = Random.Shared;
            for (var attempt = 0; attempt < Attempts; attempt++)
            {
                var port = random.Next(LowestPort, below.Value);
                if (TryBind(port))
                {
                    return port;
                }
            }
        }

        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The first port of the kernel's ephemeral range, or null where it is not known.</summary>
    internal static int? EphemeralLow()
    {
        string text;
        try
        {
            text = File.ReadAllText(EphemeralRangeFile);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        return text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries) is [var first, ..]
            && int.TryParse(first, NumberStyles.None, CultureInfo.InvariantCulture, out var low) ? low : null;
    }

    private static bool TryBind(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
