using System.Globalization;
using System.Security.Cryptography;
using Botify.Benchmarks.IndexComparison;
using Botify.Benchmarks.IndexComparison.Reporting;
using Botify.Benchmarks.Training;
using Botify.Shared.Events;
using Botify.Shared.Events.Stream;
using Botify.Train.Examples;
using Botify.Train.Model;
using Botify.Train.Output;
using NATS.Client.Core;
using NATS.Client.JetStream;
using Spectre.Console;

namespace Botify.Benchmarks.EventStream;

/// <summary>
/// The event stream's throughput on this host, each stage beside its reference in the same run: what one stream
/// accepts (the sink's publishing pattern at 1 and 4 publishers, batches of 256 against one publish at a time), what
/// the API's sink stores end to end, what the trainer's reader reads (against the same events in a file), and what
/// the training pipeline trains from the stream (against the same events in a file). See docs/benchmarks.md.
/// </summary>
internal static class StreamBenchmark
{
    private const string PublishStream = "BENCH_PUBLISH";
    private const string WarmStream = "BENCH_WARM";
    private const string PacedStream = "BENCH_PACED";
    private const string SinkStage = "JetStreamEventSink.AppendAsync → stored";
    private const int Listeners = 10_000;
    private const int WarmEvents = 20_000;

    public static async Task<int> RunAsync(StreamRunSettings settings)
    {
        var (nats, skipped) = await LocalNatsServer.StartAsync();
        if (nats is null)
        {
            AnsiConsole.MarkupLineInterpolated($"stream benchmark: [yellow]not measured[/]: {skipped}.");
            return 1;
        }

        using var server = nats;
        var loadAtStart = MachineInfo.LoadAverage();
        var log = new RunLog();
        var folder = Directory.CreateTempSubdirectory("botify-stream-bench-").FullName;
        try
        {
            log.Step($"generating {settings.Events:N0} events of {Listeners:N0} listeners");
            var catalog = TrainingBenchmark.Catalog(settings.Tracks, seed: 1);
            // As the API logs them: the recommender that served each next call, the listener's treatment.
            var events = TrainingBenchmark.Log(catalog, settings.Events, seed: 1)
                .Select(e => e with { Source = e.IsLast ? null : "contextual", Experiments = Treatment })
                .ToList();
            var layout = new EventStreamLayout(PublishStream, "bench.publish");
            var prepared = Prepare(events, layout);
            var rows = new List<StreamRow>();

            log.Step("warming the publishing client");
            await PublishRowAsync(nats, layout, prepared.Take(WarmEvents).ToList(), 1, 256);
            foreach (var (publishers, batch, count) in new[] { (1, 256, prepared.Count), (4, 256, prepared.Count), (1, 1, settings.UnbatchedEvents), (4, 1, settings.UnbatchedEvents) })
            {
                log.Step($"publishing {count:N0} events: {publishers} publisher(s), batch {batch}");
                rows.Add(await PublishRowAsync(nats, layout, prepared.Take(count).ToList(), publishers, batch));
            }

            log.Step("warming the API's sink and the reader");
            var warm = new EventStreamLayout(WarmStream, "bench.warm");
            await SinkThroughput.RunAsync(nats, warm, events.Take(WarmEvents).ToList(), "warm-up");
            await EventStreamReader.ReadAsync(new EventStreamSource(nats.Url, warm, Consumer: "botify-bench"));
            await DeleteStreamAsync(nats, WarmStream);
            log.Step($"the API's sink: {events.Count:N0} events");
            rows.Add(await SinkThroughput.RunAsync(nats, new EventStreamLayout(), events, SinkStage));
            var paced = Math.Min(events.Count, settings.SinkRate * 5);
            log.Step($"the API's sink paced at {settings.SinkRate:N0} events/s: {paced:N0} events");
            rows.Add(await SinkThroughput.RunAsync(nats, new EventStreamLayout(PacedStream, "bench.paced"), events.Take(paced).ToList(), SinkStage, settings.SinkRate));
            await DeleteStreamAsync(nats, PacedStream);
            log.Step($"the API's sink paced at {settings.SinkRate:N0} events/s, one event per message: {paced:N0} events");
            rows.Add(await SinkThroughput.RunAsync(nats, new EventStreamLayout(PacedStream, "bench.paced"), events.Take(paced).ToList(), SinkStage, settings.SinkRate, eventsPerMessage: 1));
            await DeleteStreamAsync(nats, PacedStream);

            var file = Path.Combine(folder, "events.jsonl");
            await File.WriteAllLinesAsync(file, events.Select(EventJson.Serialize));
            rows.AddRange(ReadRows(nats, file, events.Count, log));
            rows.AddRange(TrainRows(nats, file, settings, folder, log));

            var loadAtEnd = MachineInfo.LoadAverage();
            var meanBytes = prepared.Average(p => p.Body.Length);
            StreamReport.Print(rows, settings, meanBytes, loadAtStart, loadAtEnd);
            if (settings.Output is { } output)
            {
                StreamReport.Write(output, rows, settings, meanBytes, loadAtStart, loadAtEnd);
                AnsiConsole.MarkupLineInterpolated($"wrote {output.FullName}");
            }

            return 0;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static Dictionary<string, string> Treatment { get; } = new(StringComparer.Ordinal) { ["SEMINAR"] = "C" };

    /// <summary>Each event on its listener's partition subject with a unique id, as the sink sends it (random instance prefix, sequence).</summary>
    private static List<PreparedEvent> Prepare(List<ListenerEvent> events, EventStreamLayout layout)
    {
        var instance = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        return [.. events.Select((e, i) =>
        {
            var id = string.Create(CultureInfo.InvariantCulture, $"{instance}-{i + 1:x}");
            var partition = layout.PartitionOf(e.User);
            return new PreparedEvent(layout.SubjectOf(partition), EventJson.SerializeToUtf8Bytes(e with { Id = id }), id, partition);
        })];
    }

    /// <summary>Publishes into a fresh stream, checks it holds every event once, and deletes it so the next row starts on an empty store.</summary>
    private static async Task<StreamRow> PublishRowAsync(LocalNatsServer nats, EventStreamLayout layout, List<PreparedEvent> events, int publishers, int batch)
    {
        await using var admin = new NatsConnection(new NatsOpts { Url = nats.Url });
        var js = new NatsJSContext(admin);
        await js.CreateOrUpdateStreamAsync(layout.Config(1, TimeSpan.FromDays(1), TimeSpan.FromMinutes(2)));
        var clock = StageClock.Start(nats);
        var duplicates = await StreamPublisher.PublishAsync(nats.Url, events, publishers, batch);
        var row = clock.Stop("stream accepts: publish, acks awaited", $"{publishers} publisher(s), batch {batch}", events.Count);
        var stored = (await js.GetStreamAsync(layout.Stream)).Info.State.Messages;
        await js.DeleteStreamAsync(layout.Stream);
        return row with { Note = FormattableString.Invariant($"stored {stored:N0}, duplicates {duplicates}") };
    }

    private static async Task DeleteStreamAsync(LocalNatsServer nats, string stream)
    {
        await using var admin = new NatsConnection(new NatsOpts { Url = nats.Url });
        await new NatsJSContext(admin).DeleteStreamAsync(stream);
    }

    /// <summary>
    /// The sink's stream read back through a durable consumer, beside the same events read from a JSON-lines file:
    /// whole events (what analysis reads) and as training keeps them, each with the heap its result holds.
    /// </summary>
    private static List<StreamRow> ReadRows(LocalNatsServer nats, string file, int expected, RunLog log)
    {
        log.Step("reading the events from the file and from the stream");
        var source = new EventStreamSource(nats.Url, new EventStreamLayout(), Consumer: "botify-bench");
        TolerantLogReader.Read([file], new LogReadReport());
        return
        [
            MeasureRead(nats, "read (reference): TolerantLogReader.Read", "JSON-lines file, whole events", false, () =>
            {
                var events = TolerantLogReader.Read([file], new LogReadReport());
                return (events, events.Count, string.Empty);
            }),
            MeasureRead(nats, "read: EventStreamReader.ReadAsync", "durable consumer, fetches of 1,000, whole events", true, () =>
            {
                var read = EventStreamReader.ReadAsync(source).GetAwaiter().GetResult();
                var counted = read.Events.Count;
                return (read, counted, FormattableString.Invariant($"messages {read.Messages:N0}, duplicates {read.Duplicates}, malformed {read.Malformed}{(counted == expected ? string.Empty : $", EXPECTED {expected:N0}")}"));
            }),
            MeasureRead(nats, "read for training (reference): TolerantLogReader.ReadPlays", "JSON-lines file, plays", false, () =>
            {
                var plays = TolerantLogReader.ReadPlays([file], new LogReadReport());
                return (plays, plays.Plays.Count, string.Empty);
            }),
            MeasureRead(nats, "read for training: StreamLogReader.Read", "durable consumer, plays", true, () =>
            {
                var plays = StreamLogReader.Read(source, new LogReadReport());
                return (plays, plays.Plays.Count, string.Empty);
            }),
        ];
    }

    /// <summary>Times <paramref name="read"/> and weighs what its result holds on the heap, per event (full collections before and after, the result alive).</summary>
    private static StreamRow MeasureRead(LocalNatsServer nats, string stage, string setting, bool touchesServer, Func<(object Result, int Events, string Note)> read)
    {
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var clock = StageClock.Start(nats);
        var (result, events, note) = read();
        var row = clock.Stop(stage, setting, events, note, touchesServer);
        var held = (GC.GetTotalMemory(forceFullCollection: true) - before) / (double)Math.Max(1, events);
        GC.KeepAlive(result);
        return row with { Note = FormattableString.Invariant($"{(note.Length > 0 ? note + ", " : string.Empty)}{held:F0} B/event held") };
    }

    /// <summary>The whole training pipeline on one thread from the file, then from the stream (the same events); a small run first warms the JIT.</summary>
    private static List<StreamRow> TrainRows(LocalNatsServer nats, string file, StreamRunSettings settings, string folder, RunLog log)
    {
        var options = new TrainerOptions { Dimension = settings.Dimension, Epochs = settings.Epochs, Threads = 1, Seed = 1 };
        var warm = Path.Combine(folder, "warm.jsonl");
        File.WriteAllLines(warm, File.ReadLines(file).Take(WarmEvents));
        TrainingPipeline.Run(new TrainingRequest([warm], Path.Combine(folder, "model-warm"), options with { Epochs = 1 }, settings.Tracks, Listeners));

        var stage = FormattableString.Invariant($"TrainingPipeline.Run: 1 thread, d = {settings.Dimension}, {settings.Epochs} epochs");
        log.Step("training from the file");
        var clock = StageClock.Start(nats);
        var fromFile = TrainingPipeline.Run(new TrainingRequest([file], Path.Combine(folder, "model-file"), options, settings.Tracks, Listeners));
        var fileRow = clock.Stop(stage + " (reference)", "events from a JSON-lines file", fromFile.Log.Events, Examples(fromFile), touchesServer: false);

        log.Step("training from the stream");
        clock = StageClock.Start(nats);
        var source = new EventStreamSource(nats.Url, new EventStreamLayout(), Consumer: "botify-bench");
        var fromStream = TrainingPipeline.Run(new TrainingRequest([], Path.Combine(folder, "model-stream"), options, settings.Tracks, Listeners, Stream: source));
        var streamRow = clock.Stop(stage, "events from the stream", fromStream.Log.Events, Examples(fromStream) + (fromStream.ModelVersion == fromFile.ModelVersion ? ", same model" : ", A DIFFERENT MODEL"));
        return [fileRow, streamRow];
    }

    private static string Examples(TrainingReport report) => FormattableString.Invariant($"{report.TrainExamples:N0} examples, {report.Epochs.Sum(e => e.Seconds):F1} s in epochs");
}
