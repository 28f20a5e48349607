using Botify.Shared.Events;
using Botify.Shared.Events.Stream;
using Botify.Train.Examples;
using Botify.Train.Model;
using Botify.Train.Output;

namespace Botify.Train.Tests.Examples;

/// <summary>Training off the JetStream stream against a real nats-server: the same events give the same model as files.</summary>
[Category("Integration")]
public sealed class StreamTrainingTests
{
    [Test]
    public async Task Run_FromTheStream_SameModelAsFromTheSameEventsInFiles()
    {
        using var nats = await NatsServer.CreateAsync();
        using var folder = new TempFolder();
        var log = new SyntheticLog(300, users: 50, sessions: 800, seed: 11);
        var logPath = folder.File("events.jsonl");
        log.Write(logPath);
        var source = new EventStreamSource(nats.Url, new EventStreamLayout());
        // A copy of one event under a second message id: stored twice by the stream, read once.
        await nats.PublishAsync(log.Events, resend: 5);
        var options = new TrainerOptions { Dimension = 8, Epochs = 3, Threads = 1, Seed = 3 };

        var fromFiles = TrainingPipeline.Run(new TrainingRequest([logPath], folder.File("files"), options, Tracks: 300, Users: 50));
        var fromStream = TrainingPipeline.Run(new TrainingRequest([], folder.File("stream"), options, Tracks: 300, Users: 50, Stream: source));

        Assert.Multiple(() =>
        {
            Assert.That(fromStream.Log.Events, Is.EqualTo(log.Events.Count));
            Assert.That(fromStream.Log.Skipped, Is.EqualTo(1), "the copy is skipped and counted");
            Assert.That(fromStream.Log.Stream, Does.Contain(EventStreamLayout.DefaultStream));
            foreach (var table in Directory.EnumerateFiles(folder.File("files"), "*.npy").Select(Path.GetFileName))
            {
                Assert.That(File.ReadAllBytes(folder.File(Path.Combine("stream", table!))), Is.EqualTo(File.ReadAllBytes(folder.File(Path.Combine("files", table!)))), $"{table} is the same");
            }

            Assert.That(fromStream.Ranking.ModelNdcg, Is.EqualTo(fromFiles.Ranking.ModelNdcg));
        });
    }

    [Test]
    public async Task Read_WindowSinceNow_IsAnErrorNamingTheStream()
    {
        using var nats = await NatsServer.CreateAsync();
        var log = new SyntheticLog(50, users: 5, sessions: 20, seed: 2);
        var source = new EventStreamSource(nats.Url, new EventStreamLayout());
        await nats.PublishAsync(log.Events);

        var report = new LogReadReport();
        Assert.That(() => StreamLogReader.Read(source with { Since = DateTimeOffset.UtcNow.AddMinutes(1) }, report),
            Throws.InstanceOf<EventStreamException>().With.Message.Contains("no valid event since").And.Message.Contains(EventStreamLayout.DefaultStream));
        Assert.That(StreamLogReader.Read(source with { Since = DateTimeOffset.UtcNow.AddHours(-1) }, report).Plays, Has.Count.EqualTo(log.Events.Count));
    }

    [Test]
    public async Task Read_NoSuchStreamOrNoServer_SaysWhich()
    {
        using var nats = await NatsServer.CreateAsync();
        var missing = new EventStreamSource(nats.Url, new EventStreamLayout("NOT_THERE"));
        Assert.That(() => StreamLogReader.Read(missing, new LogReadReport()), Throws.InstanceOf<EventStreamException>().With.Message.Contains("NOT_THERE").And.Message.Contains("no such stream"));

        nats.Kill();
        Assert.That(() => StreamLogReader.Read(missing, new LogReadReport()), Throws.InstanceOf<EventStreamException>().With.Message.Contains(nats.Url));
    }
}
