using System.Globalization;
using Botify.Lab.Analysis;
using Botify.Lab.Loop;
using Botify.Lab.Reports;
using Botify.Protos.V1;
using Botify.Shared.Catalog;
using Grpc.Net.Client;

namespace Botify.Lab.Tests.Reports;

public sealed class ExperimentSettingsFileTests
{
    [Test]
    public void Best_LastDaysMeans_TheModelArmWithTheHighestMeanNeverControlOrAReference()
    {
        var arms = Arm.Standard;
        var report = Report(("C", 9.0), ("T2", 5.0), ("T4", 7.0), ("T6", 8.5), ("T7", 8.0), ("R", 20.0), ("P", 1.0));

        Assert.That(ExperimentSettingsFile.Best(arms, report)?.Name, Is.EqualTo("T6"), "control and the model-free references are never the one to ship");
    }

    [Test]
    public void Render_NestedSettings_NestAsAppsettingsDoes()
    {
        var text = ExperimentSettingsFile.Render("AB", [Arm.Standard.Single(a => a.Name == "T7")]);

        Assert.That(text, Does.Contain("\"Fatigue\": {").And.Contain("\"Threshold\": \"0.7\"").And.Contain("\"Recommender\": \"Memory\""));
    }

    [Test]
    [Category("Integration")]
    public async Task Write_ServeJson_StartsAnApiServingControlAndTheBestArm()
    {
        var folder = Directory.CreateTempSubdirectory("botify-serve-").FullName;
        try
        {
            var catalog = Path.Combine(folder, "tracks.jsonl");
            new TrackCatalog([.. Enumerable.Range(0, 50).Select(i => new CatalogTrack(i, "A" + (i / 5).ToString(CultureInfo.InvariantCulture), "S", []))]).Save(catalog);
            var files = ExperimentSettingsFile.Write(folder, "AB", Arm.Standard, Report(("C", 3.0), ("T4", 7.0), ("T6", 9.0)));
            Assert.That(files.Select(Path.GetFileName), Is.EqualTo(new[] { "experiment.json", "serve.json" }));

            await using var api = await LocalService.StartApiAsync(
                [
                    $"--SettingsFile={Path.Combine(folder, "serve.json")}",
                    $"--Api:CatalogPath={catalog}",
                    "--Index:Address=http://127.0.0.1:1",
                    "--Index:ReadyTimeout=00:00:00.100",
                    $"--EventLog:Folder={Path.Combine(folder, "events")}",
                ],
                CancellationToken.None);
            using var channel = GrpcChannel.ForAddress(api.GrpcAddress);
            var client = new Recommender.RecommenderClient(channel);
            var treatments = new HashSet<string>(StringComparer.Ordinal);
            for (var user = 0; user < 40; user++)
            {
                var reply = await client.NextAsync(new NextRequest { User = user, Track = 1, Time = 1f });
                treatments.Add(reply.Treatment);
                Assert.That(reply.Experiment, Is.EqualTo("AB"));
            }

            Assert.That(treatments, Is.EquivalentTo(new[] { "C", "T6" }), "the API serves exactly serve.json's two arms");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static ExperimentReport Report(params (string Name, double Mean)[] arms) =>
        new("AB", "C", [.. arms.Select(a => new TreatmentRow(new TreatmentStats(a.Name, 100, 200, a.Mean, 1.0, 10, 0.5, 2), null))], 0, 0, 0);
}
