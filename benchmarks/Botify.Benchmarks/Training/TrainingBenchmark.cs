using System.Diagnostics;
using System.Globalization;
using System.Numerics.Tensors;
using System.Text.Json;
using Botify.Shared.Catalog;
using Botify.Shared.Embeddings;
using Botify.Shared.Events;
using Botify.Train.Examples;
using Botify.Train.Model;
using Spectre.Console;

namespace Botify.Benchmarks.Training;

/// <summary>
/// Trainer throughput: an event log of the requested size written by listeners with hidden tastes
/// (random recommendations, as on a cold-start day), rebuilt into sessions, examples and co-listening pairs,
/// then trained for the requested epochs with catalog features (artists, genres) as the main job trains.
/// </summary>
internal static class TrainingBenchmark
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static int Run(int events, int tracks, int dimension, int epochs, int threads, int seed, FileInfo? output)
    {
        var setUp = Stopwatch.StartNew();
        var catalog = Catalog(tracks, seed);
        var log = Log(catalog, events, seed);
        var sessions = SessionRebuilder.Rebuild(log, SessionRebuilder.DefaultIdleGap);
        var train = ExampleSet.From(sessions, Enumerable.Range(0, sessions.Count), ContextChoice.First);
        var none = ExampleSet.From(sessions, [], ContextChoice.First);
        var options = new TrainerOptions { Dimension = dimension, Epochs = epochs, Threads = threads, Seed = seed, ValidationShare = 0 };
        var pairs = CoListeningPairs.From(sessions, Enumerable.Range(0, sessions.Count), options.CoListening, catalog.ArtistOf);
        var features = TrackFeatures.FromCatalog(catalog);
        var setUpSeconds = setUp.Elapsed.TotalSeconds;

        // Every night trains both streams (the default row); the regression alone is the floor it is compared with.
        (string Name, CoListeningPairs Pairs)[] runs = [("the regression alone", CoListeningPairs.Empty), ("regression and co-listening pairs (the default)", pairs)];
        var measured = new List<(string Name, int Pairs, double Seconds, IReadOnlyList<EpochResult> Epochs)>();
        foreach (var (name, runPairs) in runs)
        {
            var total = Stopwatch.StartNew();
            var (_, results) = new Trainer(options).Train(train, none, tracks, users: 10_000, features: features, pairs: runPairs);
            measured.Add((name, runPairs.Count, total.Elapsed.TotalSeconds, results));
            var table = new Table().Title(Invariant($"{name}: {log.Count:N0} events, {train.Count:N0} examples, {runPairs.Count:N0} co-listening pairs, d = {dimension}, {threads} threads"))
                .AddColumns("epoch", "steps/s", "seconds", "train RMSE");
            foreach (var epoch in results)
            {
                table.AddRow(Invariant($"{epoch.Epoch}"), Invariant($"{epoch.ExamplesPerSecond:N0}"), Invariant($"{epoch.Seconds:F2}"), Invariant($"{epoch.TrainRmse:F4}"));
            }

            AnsiConsole.Write(table);
        }

        foreach (var run in measured)
        {
            AnsiConsole.MarkupLine(Invariant($"{run.Name}: {epochs} epochs in [bold]{run.Seconds:F1} s[/]"));
        }

        AnsiConsole.MarkupLine(Invariant($"(log generation, session rebuilding, pairs and features: {setUpSeconds:F1} s, not counted)"));
        if (output is not null)
        {
            Directory.CreateDirectory(output.DirectoryName ?? ".");
            var json = new
            {
                events = log.Count,
                examples = train.Count,
                dim = dimension,
                epochs,
                threads,
                runs = measured.Select(m => new
                {
                    name = m.Name,
                    co_listening_pairs = m.Pairs,
                    train_seconds = m.Seconds,
                    results = m.Epochs.Select(r => new { epoch = r.Epoch, steps_per_second = r.ExamplesPerSecond, seconds = r.Seconds, train_rmse = r.TrainRmse }),
                }),
            };
            File.WriteAllText(output.FullName, JsonSerializer.Serialize(json, Indented));
            AnsiConsole.MarkupLineInterpolated($"wrote {output.FullName}");
        }

        return 0;
    }

    internal static TrackCatalog Catalog(int tracks, int seed)
    {
        var random = new Random(seed);
        string[] genres = [.. Enumerable.Range(0, 20).Select(g => Invariant($"genre-{g}"))];
        return new TrackCatalog([.. Enumerable.Range(0, tracks).Select(t =>
        {
            var artist = random.Next(tracks / 10);
            return new CatalogTrack(t, Invariant($"artist-{artist}"), Invariant($"track-{t}"), [genres[artist % genres.Length]]);
        })]);
    }

    internal static List<ListenerEvent> Log(TrackCatalog catalog, int events, int seed)
    {
        var truth = ClusteredVectors.Generate(catalog.Count, 16, clusters: 20, seed, spread: 0.5f, normSigma: 0.25f);
        var random = new Random(seed + 1);
        var experiments = new Dictionary<string, string> { ["DAY1"] = "F" };
        var log = new List<ListenerEvent>(events);
        long clock = 1_700_000_000_000;
        while (log.Count < events)
        {
            var user = random.Next(10_000);
            var first = random.Next(catalog.Count);
            var current = first;
            var time = 1.0;
            var steps = 3 + random.Next(8);
            for (var step = 0; step < steps && log.Count < events - 1; step++)
            {
                var next = random.Next(catalog.Count);
                log.Add(new ListenerEvent("next", clock++, user, current, time, 0.001, next, experiments));
                current = next;
                var affinity = TensorPrimitives.Dot(truth.Row(first), truth.Row(next));
                time = Math.Round(1.0 / (1.0 + Math.Exp(-((4.0 * affinity) - 2.0))), 2);
            }

            log.Add(new ListenerEvent("last", clock++, user, current, time, 0.001, null, experiments));
        }

        return log;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
