using Botify.Shared.Events;

namespace Botify.Lab.Tests.Cli;

/// <summary><c>analyze --stream</c> against a real nats-server: the same report as from the same events in a file.</summary>
[Category("Integration")]
public sealed class AnalyzeStreamTests
{
    [Test]
    public async Task Analyze_FromTheStream_SameReportAsFromAFile()
    {
        using var nats = await NatsServer.CreateAsync();
        using var folder = new TempFolder();
        var events = Events(listeners: 400, seed: 4);
        await File.WriteAllLinesAsync(folder.File("events.jsonl"), events.Select(EventJson.Serialize));
        await nats.PublishAsync(events);

        var fromFile = LabCommand.Run(["analyze", "--log", folder.File("events.jsonl"), "--experiment", "E", "--out", folder.File("file")]);
        var fromStream = LabCommand.Run(["analyze", "--stream", nats.Url, "--since", "1h", "--experiment", "E", "--out", folder.File("stream")]);

        Assert.That((fromFile, fromStream), Is.EqualTo((0, 0)));
        Assert.That(await File.ReadAllTextAsync(folder.File("stream/report.md")), Is.EqualTo(await File.ReadAllTextAsync(folder.File("file/report.md"))));
        Assert.That(await File.ReadAllTextAsync(folder.File("stream/report.md")), Does.Contain("T1"));
    }

    [Test]
    public void Analyze_BothLogAndStream_BadUsage()
    {
        Assert.That(LabCommand.Run(["analyze", "--log", "x", "--stream", "nats://127.0.0.1:1", "--experiment", "E"]), Is.EqualTo(2));
    }

    /// <summary>Sessions of five <c>next</c> and a <c>last</c>; T1's listeners hear more of each track than C's.</summary>
    private static List<ListenerEvent> Events(int listeners, int seed)
    {
        var random = new Random(seed);
        var events = new List<ListenerEvent>();
        var timestamp = 1_700_000_000_000L;
        for (var user = 0; user < listeners; user++)
        {
            var treatment = user % 2 == 0 ? "C" : "T1";
            var experiments = new Dictionary<string, string>(StringComparer.Ordinal) { ["E"] = treatment };
            var track = random.Next(1000);
            for (var step = 0; step < 6; step++)
            {
                var heard = Math.Clamp(random.NextDouble() * (treatment == "C" ? 0.8 : 1.0), 0, 1);
                var last = step == 5;
                var next = random.Next(1000);
                events.Add(new ListenerEvent(last ? EventMessages.Last : EventMessages.Next, timestamp += 1000, user, track, heard, 0.001, last ? null : next, experiments));
                track = next;
            }
        }

        return events;
    }
}
