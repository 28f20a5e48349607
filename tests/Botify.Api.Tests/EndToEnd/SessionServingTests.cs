using Botify.Protos.V1;

namespace Botify.Api.Tests.EndToEnd;

/// <summary>The Session treatment through the real API and its index client, against a scripted index.</summary>
[Category("Integration")]
public sealed class SessionServingTests
{
    private TempFolder _folder = null!;
    private FakeIndex _index = null!;
    private ApiServer _api = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _folder = new TempFolder();
        _index = await FakeIndex.StartAsync();
        var catalog = TestCatalogs.Write(_folder, tracks: 200, tracksPerArtist: 10);
        _api = await ApiServer.StartAsync(catalog, _index.Address, _folder, [
            .. ApiServer.Treatment(0, "S", "Session", k: 5, retryK: 50, fatigue: false),
            "--Experiment:Treatments:0:SessionSkipWeight=0.5",
            "--Index:AttemptTimeout=00:00:05",
            "--Index:TotalTimeout=00:00:10",
        ]);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await _api.DisposeAsync();
        await _index.DisposeAsync();
        _folder.Dispose();
    }

    [Test]
    public async Task Next_SessionTreatment_SendsTheSessionsWeightedTracksToTheIndex()
    {
        const int user = 11;
        var first = await Next(user, 0, 1.0f);
        await Next(user, 50, 0.8f);
        var afterSkip = await Next(user, 120, 0.2f);

        var sent = _index.Requests.Last();
        Assert.That(first.Source, Is.EqualTo("session"));
        Assert.That(afterSkip.Source, Is.EqualTo("session"));
        Assert.That(sent.SessionTracks, Is.EqualTo(new[] { 0, 50, 120 }));
        Assert.That(sent.SessionWeights, Is.EqualTo(new[] { 1f / 1.8f, 0.8f / 1.8f, -0.5f * 0.8f }).Within(1e-6f));
        Assert.That(sent.ContextTrack, Is.EqualTo(120), "the previous track, for an index that does not read the session");
        Assert.That(sent.Exclude, Is.EquivalentTo(new[] { 0, 50, 120 }), "without the fatigue layer the session source still holds back played tracks");
        Assert.That(sent.HasUser, Is.False);
    }

    private async Task<NextReply> Next(int user, int track, float time) =>
        await _api.Client.NextAsync(new NextRequest { User = user, Track = track, Time = time });
}
