using Botify.Lab.Loop;

namespace Botify.Lab.Tests.Loop;

[Category("Integration")]
[NonParallelizable]
public sealed class GeometryNightsTests
{
    [Test]
    public async Task RunAsync_SmallWorldMoreLogsEachNight_LearnedGeometryRisesFromNightOneToThree()
    {
        using var folder = new TempFolder();
        var options = new LabOptions
        {
            Tracks = 2_000,
            Listeners = 800,
            Seed = 7,
            Days = 4,
            Day1Episodes = 4_000,
            DayEpisodes = 4_000,
            ReferenceEpisodes = 200,
            Concurrency = 16,
            Dimension = 16,
            Epochs = 8,
            // Random traffic every day: each night's logs add unbiased plays, and the geometry must use them.
            Arms = [Arm.Standard.Single(a => a.Name == "R"), Arm.Standard.Single(a => a.Name == "T4")],
            TruthReplay = TruthReplay.None,
            RunFolder = folder.Path,
        };

        var result = await new LabRun(options, new SilentProgress()).RunAsync();

        var geometry = result.Report.Geometry;
        foreach (var g in geometry)
        {
            TestContext.Out.WriteLine($"night {g.Night}: recall@{g.K} {g.Recall:F3}, affinity ratio {g.AffinityRatio:F3}");
        }

        Assert.That(geometry.Select(g => g.Night), Is.EqualTo(new[] { 1, 2, 3 }));
        Assert.That(geometry[2].Recall, Is.GreaterThan(geometry[0].Recall + 0.02), "recall@10 against the truth rises by a margin from night 1 to night 3");
        Assert.That(geometry[2].AffinityRatio, Is.GreaterThan(geometry[0].AffinityRatio), "the learned neighbours are better in truth on night 3");
    }
}
