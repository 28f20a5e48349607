using Botify.Lab.Analysis;
using Botify.Lab.Loop;

namespace Botify.Lab.Tests.Loop;

[Category("Integration")]
[NonParallelizable]
public sealed class LabRunTests
{
    [Test]
    public async Task RunAsync_SmallWorld_WholeLoopReportsAndContextualBeatsRandom()
    {
        var folder = Path.Combine(Path.GetTempPath(), "botify-lab-" + Guid.NewGuid().ToString("N"));
        var options = new LabOptions
        {
            Tracks = 3_000,
            Listeners = 1_500,
            Seed = 3,
            Day1Episodes = 8_000,
            Day2Episodes = 6_000,
            ReferenceEpisodes = 1_500,
            Concurrency = 16,
            Dimension = 16,
            Epochs = 8,
            Arms = [Arm.Standard.Single(a => a.Name == "R"), Arm.Standard.Single(a => a.Name == "T3")],
            RunFolder = folder,
        };

        try
        {
            var result = await new LabRun(options, new SilentProgress()).RunAsync();
            var report = result.Report;
            var t3 = report.Treatments.Single(r => r.Stats.Treatment == "T3");
            TestContext.Out.WriteLine(Reports.MarkdownReport.Render(report));

            Assert.That(result.Day1.Errors, Is.Zero);
            Assert.That(result.Day2.Errors, Is.Zero);
            Assert.That(result.Served.Loaded, Is.True);
            Assert.That(result.Served.ModelVersion, Does.StartWith("trained-"));
            Assert.That(report.Control, Is.EqualTo("R"));
            Assert.That(report.Treatments.Select(r => r.Stats.Treatment), Is.EquivalentTo(new[] { "R", "T3" }));
            Assert.That(report.Treatments.Sum(r => r.Stats.Sessions), Is.EqualTo(6_000));
            Assert.That(report.References.Select(r => r.Name), Is.EqualTo(new[] { ReferenceRow.OracleName, ReferenceRow.RandomName }));
            Assert.That(report.OracleMean, Is.GreaterThan(t3.Stats.Mean));
            Assert.That(t3.Effect!.Lower, Is.GreaterThan(0), "the contextual treatment beats random with the interval above zero");
            Assert.That(File.Exists(Path.Combine(folder, "model", "manifest.json")), Is.True);
            Assert.That(Directory.GetFiles(Path.Combine(folder, "day2-events")), Is.Not.Empty);
        }
        finally
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }
}
