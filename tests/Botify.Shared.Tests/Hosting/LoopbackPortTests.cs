using System.Net;
using System.Net.Sockets;
using Botify.Shared.Hosting;

namespace Botify.Shared.Tests.Hosting;

public sealed class LoopbackPortTests
{
    [Test]
    public void Free_WhereTheKernelNamesItsEphemeralRange_GivesABindablePortBelowIt()
    {
        var ephemeralLow = LoopbackPort.EphemeralLow();
        if (ephemeralLow is null)
        {
            Assert.Ignore("this system does not name its ephemeral port range (/proc/sys/net/ipv4/ip_local_port_range)");
        }

        var ports = Enumerable.Range(0, 20).Select(_ => LoopbackPort.Free()).ToArray();

        Assert.That(ports, Has.All.InRange(10_000, ephemeralLow!.Value - 1), "outgoing connections take their local ports from the ephemeral range, so a server's port stays out of it");
        AssertBindable(ports[0]);
    }

    [Test]
    public void Free_WithNoRangeBelowTheEphemeralOnes_FallsBackToAPortTheKernelPicks()
    {
        var port = LoopbackPort.Free(below: null);

        Assert.That(port, Is.InRange(1, 65_535));
        AssertBindable(port);
    }

    private static void AssertBindable(int port)
    {
        using var listener = new TcpListener(IPAddress.Loopback, port);
        Assert.DoesNotThrow(listener.Start, $"port {port} is free to bind");
    }
}
