using Botify.Api.IndexClient;
using Botify.Api.Tests.EndToEnd;
using Botify.Protos.V1;
using Grpc.Core;
using Grpc.Net.Client.Configuration;

namespace Botify.Api.Tests.IndexClient;

/// <summary>A <c>dns:///</c> index address (a headless Service) gets client-side round robin; a plain address does not.</summary>
public sealed class IndexChannelTests
{
    [Test]
    public void ChannelOptions_DnsAddress_RoundRobinOverCleartext()
    {
        var options = ResilientIndexSearch.ChannelOptions(new IndexClientOptions { Address = "dns:///botify-index:5100" });

        Assert.That(options.ServiceConfig?.LoadBalancingConfigs, Has.Count.EqualTo(1));
        Assert.That(options.ServiceConfig!.LoadBalancingConfigs[0], Is.InstanceOf<RoundRobinConfig>());
        Assert.That(options.Credentials, Is.SameAs(ChannelCredentials.Insecure));
        Assert.That(options.ServiceProvider, Is.Not.Null, "the DNS resolver is registered with its refresh interval");
    }

    [Test]
    public void ChannelOptions_HttpAddress_NoBalancer()
    {
        var options = ResilientIndexSearch.ChannelOptions(new IndexClientOptions { Address = "http://localhost:5100" });

        Assert.That(options.ServiceConfig, Is.Null);
        Assert.That(options.Credentials, Is.Null);
    }

    [Category("Integration")]
    [Test]
    public async Task Next_DnsIndexAddress_SearchesTheIndex()
    {
        using var folder = new TempFolder();
        await using var index = await FakeIndex.StartAsync();
        var catalog = TestCatalogs.Write(folder, tracks: 200, tracksPerArtist: 10);
        await using var api = await ApiServer.StartAsync(catalog, $"dns:///localhost:{index.Port}", folder, [
            .. ApiServer.Treatment(0, "C", "Contextual", fatigue: false),
            .. ApiServer.Treatment(1, "T1", "Contextual", fatigue: false),
            "--Index:AttemptTimeout=00:00:05",
            "--Index:TotalTimeout=00:00:10",
        ]);

        var reply = await api.Client.NextAsync(new NextRequest { User = 3, Track = 10, Time = 0.9f });

        Assert.That(index.Requests, Is.Not.Empty, "the call reached the index through the dns:/// channel");
        Assert.That(reply.Track, Is.InRange(11, 110), "the fake index answers the tracks after the context");
    }
}
