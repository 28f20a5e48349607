using System.Net;
using System.Net.Sockets;
using Botify.Train.Rollout;

namespace Botify.Train.Tests.Rollout;

/// <summary>
/// Two real index processes serving the old bundle, as a headless Service's pods would: 127.0.0.1 and 127.0.0.2 on
/// one port (Linux answers on all of 127/8), so a Service name that resolves to both reaches them at one port.
/// </summary>
internal sealed class TwoReplicas : IAsyncDisposable
{
    public const string AdminToken = "rollout-tests-admin-token-0123456789";

    private readonly TempFolder _workingDirectory;

    private TwoReplicas(RolloutBundles bundles, TempFolder workingDirectory, IndexReplica first, IndexReplica second)
    {
        Bundles = bundles;
        _workingDirectory = workingDirectory;
        First = first;
        Second = second;
    }

    public RolloutBundles Bundles { get; }

    public IndexReplica First { get; }

    public IndexReplica Second { get; }

    public int Port => First.Address.Port;

    public IReadOnlyList<ReplicaAddress> Addresses => [First.Address, Second.Address];

    /// <summary>Both addresses as <c>--index</c> takes them.</summary>
    public string IndexList => $"{First.Address},{Second.Address}";

    public static async Task<TwoReplicas> StartAsync()
    {
        var port = PortFreeOnBoth();
        var bundles = new RolloutBundles();
        var workingDirectory = new TempFolder();
        var replicas = await Task.WhenAll(
            IndexReplica.StartAsync("127.0.0.1", port, bundles.Old, AdminToken, workingDirectory.Path),
            IndexReplica.StartAsync("127.0.0.2", port, bundles.Old, AdminToken, workingDirectory.Path));
        return new TwoReplicas(bundles, workingDirectory, replicas[0], replicas[1]);
    }

    /// <summary>Puts both replicas back on the old bundle, so each test starts from the same state.</summary>
    public async Task ResetAsync()
    {
        await First.ReloadAsync(Bundles.Old, AdminToken);
        await Second.ReloadAsync(Bundles.Old, AdminToken);
    }

    public async ValueTask DisposeAsync()
    {
        await First.DisposeAsync();
        await Second.DisposeAsync();
        Bundles.Dispose();
        _workingDirectory.Dispose();
    }

    private static int PortFreeOnBoth()
    {
        for (var attempt = 0; attempt < 20; attempt++)
        {
            var port = Botify.Shared.Hosting.LoopbackPort.Free();
            try
            {
                using var probe = new TcpListener(IPAddress.Parse("127.0.0.2"), port);
                probe.Start();
                return port;
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse)
            {
                // Taken on the second address; try another.
            }
            catch (SocketException e)
            {
                Assert.Ignore($"127.0.0.2 is not usable here ({e.SocketErrorCode}); the two-replica roll-out tests need two loopback addresses");
            }
        }

        throw new InvalidOperationException("no port free on both 127.0.0.1 and 127.0.0.2 after 20 tries");
    }
}
