using Botify.Lab.Loop;

namespace Botify.Lab.Tests.Loop;

[Category("Integration")]
[NonParallelizable]
public sealed class MemoryArmTests
{
    [Test]
    public async Task RunAsync_SmallWorldFourDays_MemoryArmBeatsTheSessionArmWithItsIntervalAboveZero()
    {
        var folder = Path.Combine(Path.GetTempPath(), "botify-lab-memory-" + Guid.NewGuid().ToString("N"));
        var session = Arm.Standard.Single(a => a.Name == "T4");
        var memory = Arm.Standard.Single(a => a.Recommender == "Memory" && !a.Settings.ContainsKey("Fatigue:Threshold"));
        var options = new LabOptions
        {
            // Few listeners with many sessions each: a listener comes back to each taste several times a day.
            Tracks = 5_000,
            Listeners = 300,
            Seed = 5,
            Days = 4,
            Day1Episodes = 3_000,
            DayEpisodes = 3_000,
            ReferenceEpisodes = 300,
            Concurrency = 16,
            Dimension = 16,
            Epochs = 6,
            Arms = [session, memory],
            RunFolder = folder,
        };

        try
        {
            var result = await new LabRun(options, new SilentProgress()).RunAsync();
            var last = result.Report;
            var memoryRow = last.Treatments.Single(r => r.Stats.Treatment == memory.Name);
            TestContext.Out.WriteLine(Botify.Lab.Reports.MarkdownReport.Render(last));

            Assert.That(last.Control, Is.EqualTo(session.Name), "the session arm is the control the memory arm is judged against");
            Assert.That(memoryRow.Effect, Is.Not.Null);
            Assert.That(memoryRow.Effect!.Lower, Is.GreaterThan(0), $"the memory arm's effect over the session arm on day 4: {memoryRow.Effect.Percent:F1} % [{memoryRow.Effect.Lower:F1}, {memoryRow.Effect.Upper:F1}]");
            Assert.That(memoryRow.Stats.Sources!.Memory, Is.GreaterThan(0.1), "memory served a share of the arm's calls, and the report says so");
            Assert.That(last.Treatments.Single(r => r.Stats.Treatment == session.Name).Stats.Sources!.Memory, Is.Zero, "the session arm never serves from memory");
            Assert.That(memoryRow.Stats.Sources.Fallback, Is.LessThanOrEqualTo(0.01));
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
