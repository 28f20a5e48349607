using Botify.Api.Tests.Sessions;
using Botify.Protos.V1;

namespace Botify.Api.Tests.EndToEnd;

/// <summary>Two API replicas on one Redis share a listener's session.</summary>
[Category("Integration")]
public sealed class SharedSessionTests
{
    [Test]
    public async Task Next_TwoReplicasOnRedis_SecondReplicaSeesTheFirstsPlays()
    {
        using var redis = await RedisServer.StartAsync();
        using var folder = new TempFolder();
        await using var index = await FakeIndex.StartAsync();
        var catalog = TestCatalogs.Write(folder, tracks: 200, tracksPerArtist: 10);
        string[] settings =
        [
            .. ApiServer.Treatment(0, "C", "Contextual"),
            .. ApiServer.Treatment(1, "T1", "Contextual"),
            "--Index:AttemptTimeout=00:00:05",
            "--Index:TotalTimeout=00:00:10",
            // The session reaches the index as its exclude only when every call asks the index.
            "--CandidateCache:Enabled=false",
            "--Sessions:Store=Redis",
            $"--Sessions:RedisConfiguration={redis.Configuration}",
        ];
        using var folderA = new TempFolder();
        using var folderB = new TempFolder();
        await using var replicaA = await ApiServer.StartAsync(catalog, index.Address, folderA, settings);
        await using var replicaB = await ApiServer.StartAsync(catalog, index.Address, folderB, settings);

        await replicaA.Client.NextAsync(new NextRequest { User = 9, Track = 0, Time = 1 });
        await replicaB.Client.NextAsync(new NextRequest { User = 9, Track = 35, Time = 0 });

        var last = index.Requests.Last();
        Assert.That(last.Exclude, Is.EquivalentTo(new[] { 0, 35 }), "replica B saw the track played through replica A");
        Assert.That(last.ContextTrack, Is.EqualTo(0), "and its history");
    }
}
