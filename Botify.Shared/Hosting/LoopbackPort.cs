using System.Net;
using System.Net.Sockets;

namespace Botify.Shared.Hosting;

/// <summary>Free TCP ports on the loopback interface, for services a process starts beside itself (the main job, tests, benchmarks).</summary>
public static class LoopbackPort
{
    /// <summary>
    /// A port the operating system reports free right now (bound to port 0, then released). Another
    /// process could take it before the caller binds it; on a test or benchmark machine that race is remote.
    /// </summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
