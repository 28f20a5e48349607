using System.Net;
using System.Net.Sockets;
using Botify.Train.Rollout;

namespace Botify.Train.Tests.Rollout;

public sealed class RolloutTargetsTests
{
    [Test]
    public void ParseList_RepeatedAndCommaSeparated_KeepsTheOrderGiven()
    {
        var replicas = RolloutTargets.ParseList(["index-b:5100,index-a:5100", " [::1]:5200 ", "10.0.0.7:5100"], "--index");

        Assert.That(replicas.Select(r => r.ToString()), Is.EqualTo(new[] { "index-b:5100", "index-a:5100", "[::1]:5200", "10.0.0.7:5100" }));
        Assert.That(replicas[2].GrpcUri, Is.EqualTo(new Uri("http://[::1]:5200")));
    }

    [TestCase("index", "expected host:port")]
    [TestCase("index:0", "port '0' is not a number in 1..65535")]
    [TestCase("index:70000", "port '70000'")]
    [TestCase("index:grpc", "port 'grpc'")]
    [TestCase("http://index:5100", "without a scheme")]
    [TestCase("::1:5100", "in brackets")]
    [TestCase(":5100", "is not a host name")]
    [TestCase("a:1,,b:2", "''")]
    public void ParseList_Malformed_ThrowsNamingTheOptionAndTheValue(string value, string why)
    {
        var error = Assert.Throws<RolloutUsageException>(() => RolloutTargets.ParseList([value], "--index"));

        Assert.That(error!.Message, Does.StartWith("--index '").And.Contain(why));
    }

    [Test]
    public void ParseList_SameReplicaTwice_Throws()
    {
        var error = Assert.Throws<RolloutUsageException>(() => RolloutTargets.ParseList(["a:5100", "b:5100,a:5100"], "--index"));

        Assert.That(error!.Message, Is.EqualTo("--index 'a:5100': listed twice"));
    }

    [Test]
    public async Task ResolveServiceAsync_SeveralPods_EveryAddressAtTheServicePortInByteOrder()
    {
        var service = RolloutTargets.ParseService("botify-index:5100", "--index-service");
        string? asked = null;

        var replicas = await RolloutTargets.ResolveServiceAsync(service, (host, _) =>
        {
            asked = host;
            return Task.FromResult(new[] { IPAddress.Parse("10.0.0.12"), IPAddress.Parse("::1"), IPAddress.Parse("10.0.0.3"), IPAddress.Parse("10.0.0.12") });
        }, CancellationToken.None);

        Assert.That(asked, Is.EqualTo("botify-index"));
        // 10.0.0.3 before 10.0.0.12: by bytes, not as text; each pod once; IPv4 before IPv6.
        Assert.That(replicas.Select(r => r.ToString()), Is.EqualTo(new[] { "10.0.0.3:5100", "10.0.0.12:5100", "[::1]:5100" }));
    }

    [Test]
    public void ResolveServiceAsync_NoAddress_ThrowsNamingTheService()
    {
        var service = new ReplicaAddress("botify-index", 5100);

        var error = Assert.ThrowsAsync<ReplicaDiscoveryException>(() =>
            RolloutTargets.ResolveServiceAsync(service, (_, _) => Task.FromResult(Array.Empty<IPAddress>()), CancellationToken.None));

        Assert.That(error!.Message, Does.StartWith("Service botify-index:5100: DNS returned no address for 'botify-index'"));
    }

    [Test]
    public void ResolveServiceAsync_NameUnknown_ThrowsNamingTheService()
    {
        var service = new ReplicaAddress("botify-indx", 5100);

        var error = Assert.ThrowsAsync<ReplicaDiscoveryException>(() =>
            RolloutTargets.ResolveServiceAsync(service, (_, _) => throw new SocketException((int)SocketError.HostNotFound), CancellationToken.None));

        Assert.That(error!.Message, Does.StartWith("Service botify-indx:5100: DNS lookup of 'botify-indx' failed (HostNotFound"));
    }
}
