using Botify.Lab.Loop;
using Botify.Shared.Events;

namespace Botify.Lab.Tests.Loop;

public sealed class WarmUpLogTests
{
    [Test]
    public void Separate_ListenersFromTheWorldsCountUp_MovedOutLineForLine()
    {
        var folder = Path.Combine(Path.GetTempPath(), "botify-warmup-" + Guid.NewGuid().ToString("N"));
        var day = Path.Combine(folder, "day2-events");
        var warmUp = Path.Combine(folder, "day2-warmup-events");
        Directory.CreateDirectory(day);
        var experiments = new Dictionary<string, string> { ["AB"] = "C" };
        var lines = new[] { 100, 5, 101, 99, 100 }
            .Select((user, i) => EventJson.Serialize(new ListenerEvent("next", i, user, 7, 0.25, 0.001, 8, experiments, "contextual")))
            .ToList();
        File.WriteAllText(Path.Combine(day, "events-000001.jsonl"), string.Join('\n', lines) + "\n");

        try
        {
            var (kept, moved) = WarmUpLog.Separate(day, warmUp, firstWarmUpUser: 100);

            Assert.That((kept, moved), Is.EqualTo((2L, 3L)));
            Assert.That(File.ReadAllLines(Path.Combine(day, "events-000001.jsonl")), Is.EqualTo(new[] { lines[1], lines[3] }));
            Assert.That(File.ReadAllLines(Path.Combine(warmUp, "events-000001.jsonl")), Is.EqualTo(new[] { lines[0], lines[2], lines[4] }));
            Assert.That(Directory.GetFiles(day), Has.Length.EqualTo(1), "no temporary file left behind");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
