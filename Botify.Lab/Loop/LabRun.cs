using System.Diagnostics;
using System.Globalization;
using Botify.Lab.Analysis;
using Botify.Protos.V1;
using Botify.Shared.Models;
using Botify.Sim.Worlds;
using Botify.Train.Examples;
using Botify.Train.Model;
using Botify.Train.Output;
using Grpc.Net.Client;

namespace Botify.Lab.Loop;

/// <summary>
/// The whole loop on one machine: world → both services → day 1 (cold start) → then each night
/// train on every log so far and hot-reload the index, and each day warm the services and run the
/// A/B experiment → report. Each stage reports through <see cref="ILabProgress"/>.
/// </summary>
public sealed partial class LabRun(LabOptions options, ILabProgress progress)
{
    private const string Day1Experiment = "COLD_START";

    public async Task<LabResult> RunAsync(CancellationToken cancellationToken = default)
    {
        if (options.Days < 2)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"--days must be at least 2 (day 1 is the cold start), not {options.Days}"));
        }

        var folder = Directory.CreateDirectory(options.RunFolder).FullName;
        var worldFolder = Path.Combine(folder, "world");

        var world = progress.Stage("world", () =>
        {
            var w = options.WorldPath is { } path
                ? World.Load(path)
                : WorldGenerator.Generate(new WorldOptions { Tracks = options.Tracks, Listeners = options.Listeners, Seed = options.Seed });
            w.Save(worldFolder);
            return w;
        });
        var catalogPath = Path.Combine(worldFolder, "tracks.json");

        // The truth scores each night's model on the same tracks; it never reaches training or serving.
        var probe = progress.Stage(Invariant($"geometry: true neighbours of {GeometryProbe.DefaultSampleSize} sampled tracks"),
            () => new GeometryProbe(world.TrueVectors, GeometryProbe.DefaultSampleSize, options.Seed));
        var plays = new int[world.TrueVectors.Rows];

        await using var index = await progress.StageAsync("start index", () => LocalService.StartIndexAsync([], cancellationToken)).ConfigureAwait(false);

        // Day 1: no model yet, so listeners get the model-free recommenders.
        var logs = new List<string> { DayLog(folder, 1) };
        var (day1, _) = await RunDayAsync(1, folder, world, catalogPath, index.GrpcAddress, DayLog(folder, 1), Day1Experiment, Arm.ColdStart, options.Day1Episodes, warmUp: null, cancellationToken).ConfigureAwait(false);
        await using var truth = options.TruthReplay == TruthReplay.None ? null : await StartTruthIndexAsync(world, folder, cancellationToken).ConfigureAwait(false);

        var nights = new List<NightResult>();
        var days = new List<AbDayResult>();
        for (var day = 2; day <= options.Days; day++)
        {
            nights.Add(await TrainAndReloadAsync(day, world, [.. logs], index, folder, probe, plays, cancellationToken).ConfigureAwait(false));
            var warmUp = new ServiceWarmUp(TimeProvider.System, options.WarmUpTimeout);
            await progress.StageAsync(Invariant($"day {day}: warm up index"), async () =>
            {
                await warmUp.WarmIndexAsync(index.GrpcAddress, world.Catalog.Count, cancellationToken).ConfigureAwait(false);
                return true;
            }).ConfigureAwait(false);

            var (traffic, warm) = await RunDayAsync(day, folder, world, catalogPath, index.GrpcAddress, DayLog(folder, day), options.Experiment, options.Arms, options.DayEpisodes, warmUp, cancellationToken).ConfigureAwait(false);
            WarmUpLog.Separate(DayLog(folder, day), Path.Combine(folder, Invariant($"day{day}-warmup-events")), firstWarmUpUser: world.Listeners.Count);
            var report = progress.Stage(Invariant($"day {day}: analyse"), () => Analyse(DayLog(folder, day)));
            ExperimentReport? onTruth = null;
            if (options.TruthReplay == TruthReplay.EveryDay)
            {
                // The same day, seed, arms and assignment, served from the true vectors: each arm's rule apart from the model.
                onTruth = await ReplayOnTruthAsync(day, options.Arms, options.DayEpisodes, "all", folder, world, catalogPath, truth!, cancellationToken).ConfigureAwait(false);
            }

            days.Add(new AbDayResult(day, DaySeed(day), traffic, warm!, report) { Truth = onTruth });
            logs.Add(DayLog(folder, day));
        }

        var last = days[^1];
        var references = progress.Stage("references (oracle, neighbours, random)", () => References.PlayBounds(world, last.Seed, options.ReferenceEpisodes));
        if (options.TruthReplay == TruthReplay.BestArm && BestModelArm(last.Report) is { } best)
        {
            var stats = (await ReplayOnTruthAsync(last.Day, [best], options.ReferenceEpisodes, best.Name, folder, world, catalogPath, truth!, cancellationToken).ConfigureAwait(false)).Treatments.Single().Stats;
            references = [.. references, new ReferenceRow(ReferenceRow.OnTruthName(best.Name), stats.Listeners, stats.Sessions, stats.Mean, stats.HalfWidth95, stats.TracksPerSession)];
        }

        var dayReports = days.Select(d => new DayReport(d.Day, d.Seed, d.Report.Treatments, d.WarmUp.Completed, d.WarmUp.Describe())).ToList();
        var final = last.Report with { References = references, Days = dayReports, Geometry = [.. nights.Select(n => n.Geometry)] };
        return new LabResult(folder, world.Catalog.Count, world.Listeners.Count, day1, nights, days, final);
    }

    /// <summary>Writes the world's true vectors as a bundle and serves it from an index of its own, for the replays on the truth.</summary>
    private async Task<LocalService> StartTruthIndexAsync(World world, string folder, CancellationToken cancellationToken)
    {
        var bundle = Path.Combine(folder, "truth-model");
        progress.Stage("truth bundle (reference replays only)", () =>
        {
            TruthBundle.Write(world, bundle);
            return true;
        });
        return await progress.StageAsync("start the truth index", async () =>
        {
            var service = await LocalService.StartIndexAsync([$"--Index:BundlePath={bundle}"], cancellationToken).ConfigureAwait(false);
            await new ServiceWarmUp(TimeProvider.System, options.WarmUpTimeout).WarmIndexAsync(service.GrpcAddress, world.Catalog.Count, cancellationToken).ConfigureAwait(false);
            return service;
        }).ConfigureAwait(false);
    }

    /// <summary>The model arm with the highest mean session time on the day (null when the day had none).</summary>
    private Arm? BestModelArm(ExperimentReport report)
    {
        var model = options.Arms.Where(a => a.IsModel).ToDictionary(a => a.Name, StringComparer.Ordinal);
        return report.Treatments.Where(t => model.ContainsKey(t.Stats.Treatment)).MaxBy(t => t.Stats.Mean) is { } row ? model[row.Stats.Treatment] : null;
    }

    /// <summary>
    /// Day <paramref name="day"/> again with the index serving the true vectors: the same seed, experiment and
    /// memory the day started with, <paramref name="arms"/> assigned as the experiment assigns them. Its log is
    /// kept apart from the days', so no night trains on it.
    /// </summary>
    private async Task<ExperimentReport> ReplayOnTruthAsync(int day, IReadOnlyList<Arm> arms, int episodes, string name, string folder, World world, string catalogPath, LocalService truth, CancellationToken cancellationToken)
    {
        var log = Path.Combine(folder, "truth", Invariant($"day{day}-{name}-events"));
        var warmUp = new ServiceWarmUp(TimeProvider.System, options.WarmUpTimeout);
        await RunDayAsync(day, folder, world, catalogPath, truth.GrpcAddress, log, options.Experiment, arms, episodes, warmUp, cancellationToken).ConfigureAwait(false);
        WarmUpLog.Separate(log, log + "-warmup", firstWarmUpUser: world.Listeners.Count);
        return progress.Stage(Invariant($"day {day}: analyse {name} on the true vectors"), () => Analyse(log, arms[0].Name));
    }

    /// <summary>The night before <paramref name="day"/>: train on every log so far into a bundle of its own, then hot-reload the index with it.</summary>
    /// <remarks><paramref name="plays"/> holds each track's plays in the logs before this night's newest; this night adds its newest.</remarks>
    private async Task<NightResult> TrainAndReloadAsync(int day, World world, IReadOnlyList<string> logs, LocalService index, string folder, GeometryProbe probe, int[] plays, CancellationToken cancellationToken)
    {
        // A bundle per night: the index may still be reading the previous one while it loads this one.
        var bundle = Path.Combine(folder, Invariant($"model-day{day}"));
        var training = progress.Stage(Invariant($"night {day - 1}: train on days 1-{day - 1}"), () => TrainingPipeline.Run(new TrainingRequest(
            logs, bundle, options.Trainer with { Dimension = options.Dimension, Epochs = options.Epochs, Seed = options.Seed },
            Users: world.Listeners.Count, Catalog: world.Catalog)));

        var reload = await progress.StageAsync(Invariant($"night {day - 1}: reload index"), async () =>
        {
            using var channel = GrpcChannel.ForAddress(index.GrpcAddress);
            var client = new TrackIndex.TrackIndexClient(channel);
            return await client.ReloadAsync(new ReloadRequest { BundlePath = bundle }, cancellationToken: cancellationToken).ResponseAsync.ConfigureAwait(false);
        }).ConfigureAwait(false);

        var geometry = progress.Stage(Invariant($"night {day - 1}: geometry against the truth"), () =>
        {
            var started = Stopwatch.GetTimestamp();
            CountPlays(logs[^1], plays);
            var model = ModelBundle.Load(bundle);
            var report = probe.Measure(day - 1, model.Context, model.Tracks, model.TrackBias, plays);
            return report with { Seconds = Stopwatch.GetElapsedTime(started).TotalSeconds };
        });
        return new NightResult(day, training, reload.Info, geometry);
    }

    // Read with the trainer's own reader, so a track counts as heard exactly when training saw its plays.
    internal static void CountPlays(string log, int[] plays)
    {
        foreach (var play in TolerantLogReader.ReadPlays([log], new LogReadReport()).Plays)
        {
            if ((uint)play.Track < (uint)plays.Length)
            {
                plays[play.Track]++;
            }
        }
    }

    private ExperimentReport Analyse(string log, string? control = null)
    {
        var analysed = ExperimentAnalyzer.Analyze(Shared.Events.EventLogReader.Read(log), options.Experiment, control ?? options.Arms[0].Name);
        var arms = options.Arms.Select((a, i) => (a, i)).ToDictionary(p => p.a.Name, StringComparer.Ordinal);
        return analysed with
        {
            // In the arms' order (control first), each with its description.
            Treatments =
            [
                .. analysed.Treatments
                    .OrderBy(r => arms.TryGetValue(r.Stats.Treatment, out var arm) ? arm.i : int.MaxValue)
                    .Select(r => r with { Description = arms.TryGetValue(r.Stats.Treatment, out var arm) ? arm.a.Description : null }),
            ],
        };
    }

    private long DaySeed(int day) => options.Seed + day;

    private static string DayLog(string folder, int day) => Path.Combine(folder, Invariant($"day{day}-events"));


    private static string Invariant(FormattableString value) => value.ToString(CultureInfo.InvariantCulture);
}
