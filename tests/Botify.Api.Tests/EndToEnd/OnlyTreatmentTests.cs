using Botify.Protos.V1;

namespace Botify.Api.Tests.EndToEnd;

/// <summary><c>Experiment:OnlyTreatment</c>: one treatment of the configured experiment served to every listener, set from the command line.</summary>
[Category("Integration")]
public sealed class OnlyTreatmentTests
{
    [Test]
    public async Task Next_OnlyTreatmentOnTheCommandLine_EveryListenerGetsItAndItIsLogged()
    {
        using var folder = new TempFolder();
        await using var index = await FakeIndex.StartAsync();
        var catalog = TestCatalogs.Write(folder, tracks: 200, tracksPerArtist: 10);
        await using var api = await ApiServer.StartAsync(catalog, index.Address, folder, [
            .. ApiServer.Treatment(0, "C", "Contextual"),
            .. ApiServer.Treatment(1, "T1", "Random", fatigue: false),
            "--Experiment:OnlyTreatment=T1",
        ]);
        // The start-up warm-up searched once; from here on only the listeners' calls count.
        index.Requests.Clear();

        var treatments = new HashSet<string>();
        for (var user = 0; user < 40; user++)
        {
            var reply = await api.Client.NextAsync(new NextRequest { User = user, Track = 3, Time = 0.5f });
            treatments.Add(reply.Treatment);
            Assert.That(reply.Source, Is.EqualTo("random"), $"listener {user} was served by T1's recommender");
        }

        Assert.That(treatments, Is.EqualTo(new[] { "T1" }));
        Assert.That(index.Requests, Is.Empty, "C's contextual pipeline was never used");
    }

    [Test]
    public void Start_OnlyTreatmentNotConfigured_FailsNamingItAndTheTreatments()
    {
        using var folder = new TempFolder();
        var catalog = TestCatalogs.Write(folder, tracks: 20, tracksPerArtist: 10);

        Assert.That(
            async () => await ApiServer.StartAsync(catalog, "http://127.0.0.1:9", folder, [.. ApiServer.Treatment(0, "C", "Random"), "--Experiment:OnlyTreatment=T9"]),
            Throws.Exception.With.Message.Contains("Experiment:OnlyTreatment 'T9' is not a configured treatment (C)"));
    }
}
