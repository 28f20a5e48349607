using Botify.Api.EventLog;
using Botify.Shared.Events;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Botify.Api.Tests.EventLog;

public sealed class EventLogWriterTests
{
    [Test]
    public async Task AppendAsync_ConcurrentProducersSmallQueue_EveryEventWrittenOnceAcrossRotatedFiles()
    {
        using var folder = new TempFolder();
        using var writer = Writer(folder, capacity: 16, maxFileBytes: 4096);
        await writer.StartAsync(default);
        const int producers = 8, perProducer = 500;

        await Task.WhenAll(Enumerable.Range(0, producers).Select(p => Task.Run(async () =>
        {
            for (var i = 0; i < perProducer; i++)
            {
                await writer.AppendAsync(Event(p, i), default);
            }
        })));
        await writer.StopAsync(default);

        var files = EventLogReader.Files(folder.Path);
        var events = EventLogReader.Read(folder.Path).ToList();
        Assert.That(events, Has.Count.EqualTo(producers * perProducer));
        Assert.That(events.Select(e => (e.User, e.Track)).Distinct().Count(), Is.EqualTo(producers * perProducer));
        Assert.That(files, Has.Count.GreaterThan(10), "4 KiB files rotate");
        Assert.That(files.Select(f => new FileInfo(f).Length), Is.All.LessThanOrEqualTo(4096));
        Assert.That(writer.Written, Is.EqualTo(producers * perProducer));
        TestContext.Out.WriteLine($"{events.Count} events in {files.Count} files");
    }

    [Test]
    public async Task AppendAsync_QueueFull_WaitsUntilTheWriterDrains()
    {
        using var folder = new TempFolder();
        using var writer = Writer(folder, capacity: 2, maxFileBytes: 1 << 20);
        await writer.AppendAsync(Event(0, 0), default);
        await writer.AppendAsync(Event(0, 1), default);

        var third = writer.AppendAsync(Event(0, 2), default).AsTask();
        await Task.Delay(100);
        Assert.That(third.IsCompleted, Is.False, "a full queue holds the producer back instead of growing");

        await writer.StartAsync(default);
        await third.WaitAsync(TimeSpan.FromSeconds(5));
        await writer.StopAsync(default);
        Assert.That(EventLogReader.Read(folder.Path).Count(), Is.EqualTo(3));
    }

    [Test]
    public async Task StartAsync_FolderWithEarlierFiles_NeverAppendsToThem()
    {
        using var folder = new TempFolder();
        await File.WriteAllTextAsync(folder.File("events-000007.jsonl"), EventJson.Serialize(Event(9, 9)) + "\n");
        using var writer = Writer(folder, capacity: 8, maxFileBytes: 1 << 20);
        await writer.StartAsync(default);

        await writer.AppendAsync(Event(1, 1), default);
        await writer.StopAsync(default);

        Assert.That(EventLogReader.Files(folder.Path).Select(Path.GetFileName), Is.EqualTo(new[] { "events-000007.jsonl", "events-000008.jsonl" }));
    }

    [Test]
    public async Task AppendAsync_AfterStop_ThrowsChannelClosed()
    {
        using var folder = new TempFolder();
        using var writer = Writer(folder, capacity: 8, maxFileBytes: 1 << 20);
        await writer.StartAsync(default);
        await writer.StopAsync(default);

        Assert.That(async () => await writer.AppendAsync(Event(1, 1), default), Throws.InstanceOf<System.Threading.Channels.ChannelClosedException>());
    }

    private static EventLogWriter Writer(TempFolder folder, int capacity, long maxFileBytes) =>
        new(Options.Create(new EventLogOptions { Folder = folder.Path, Capacity = capacity, MaxFileBytes = maxFileBytes }), NullLogger<EventLogWriter>.Instance);

    private static ListenerEvent Event(int user, int track) =>
        new("next", 1_700_000_000_000 + track, user, track, 0.5, 0.001, track + 1, new Dictionary<string, string> { ["E"] = "C" }, "contextual");
}
