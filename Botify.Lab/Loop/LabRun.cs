using System.Globalization;
using Botify.Lab.Analysis;
using Botify.Protos.V1;
using Botify.Shared.Events;
using Botify.Sim.Remote;
using Botify.Sim.Worlds;
using Botify.Train.Model;
using Botify.Train.Output;
using Grpc.Net.Client;

namespace Botify.Lab.Loop;

/// <summary>
/// The whole loop on one machine: world → both services → day 1 (cold start) → train → hot reload
/// → day 2 (the A/B experiment) → report. Each stage reports through <see cref="ILabProgress"/>.
/// </summary>
public sealed class LabRun(LabOptions options, ILabProgress progress)
{
    private const string Day1Experiment = "COLD_START";

    public async Task<LabResult> RunAsync(CancellationToken cancellationToken = default)
    {
        var folder = Directory.CreateDirectory(options.RunFolder).FullName;
        var worldFolder = Path.Combine(folder, "world");
        var day1Log = Path.Combine(folder, "day1-events");
        var day2Log = Path.Combine(folder, "day2-events");
        var bundle = Path.Combine(folder, "model");

        var world = progress.Stage("world", () =>
        {
            var w = options.WorldPath is { } path
                ? World.Load(path)
                : WorldGenerator.Generate(new WorldOptions { Tracks = options.Tracks, Listeners = options.Listeners, Seed = options.Seed });
            w.Save(worldFolder);
            return w;
        });
        var catalogPath = Path.Combine(worldFolder, "tracks.json");

        await using var index = await progress.StageAsync("start index", () => LocalService.StartIndexAsync([], cancellationToken)).ConfigureAwait(false);

        // Day 1: no model yet, so listeners get the model-free recommenders.
        var day1 = await RunDayAsync("day 1 (cold start)", world, catalogPath, index, day1Log, Day1Experiment,
            Arm.ColdStart, options.Day1Episodes, options.Seed + 1, cancellationToken).ConfigureAwait(false);

        var training = progress.Stage("train", () => TrainingPipeline.Run(new TrainingRequest(
            [day1Log], bundle, new TrainerOptions { Dimension = options.Dimension, Epochs = options.Epochs, Seed = options.Seed },
            Users: world.Listeners.Count, Catalog: world.Catalog)));

        var reload = await progress.StageAsync("reload index", async () =>
        {
            using var channel = GrpcChannel.ForAddress(index.GrpcAddress);
            var client = new TrackIndex.TrackIndexClient(channel);
            return await client.ReloadAsync(new ReloadRequest { BundlePath = bundle }, cancellationToken: cancellationToken).ResponseAsync.ConfigureAwait(false);
        }).ConfigureAwait(false);

        var day2 = await RunDayAsync("day 2 (A/B)", world, catalogPath, index, day2Log, options.Experiment,
            options.Arms, options.Day2Episodes, options.Seed + 2, cancellationToken).ConfigureAwait(false);

        var references = progress.Stage("oracle and random bounds", () => References.PlayBounds(world, options.Seed + 2, options.ReferenceEpisodes));
        var report = progress.Stage("analyse", () =>
        {
            var analysed = ExperimentAnalyzer.Analyze(EventLogReader.Read(day2Log), options.Experiment, options.Arms[0].Name);
            var descriptions = options.Arms.ToDictionary(a => a.Name, a => a.Description, StringComparer.Ordinal);
            return analysed with
            {
                Treatments = [.. analysed.Treatments.Select(r => r with { Description = descriptions.GetValueOrDefault(r.Stats.Treatment) })],
                References = references,
            };
        });

        return new LabResult(folder, world.Catalog.Count, world.Listeners.Count, day1, training, reload.Info, day2, report);
    }

    private async Task<DayResult> RunDayAsync(string stage, World world, string catalogPath, LocalService index, string logFolder, string experiment,
        IReadOnlyList<Arm> arms, int episodes, long seed, CancellationToken cancellationToken)
    {
        var settings = new List<string>
        {
            $"--Api:CatalogPath={catalogPath}",
            string.Create(CultureInfo.InvariantCulture, $"--Api:RandomSeed={seed}"),
            $"--Index:Address={index.GrpcAddress}",
            $"--EventLog:Folder={logFolder}",
            $"--Experiment:Name={experiment}",
        };
        for (var i = 0; i < arms.Count; i++)
        {
            foreach (var (key, value) in arms[i].Settings)
            {
                settings.Add(string.Create(CultureInfo.InvariantCulture, $"--Experiment:Treatments:{i}:{key}={value}"));
            }
        }

        await using var api = await LocalService.StartApiAsync(settings, cancellationToken).ConfigureAwait(false);
        RemoteRunResult result;
        using (var driver = new RemoteDriver(world, new RemoteDriverOptions { Target = api.GrpcAddress, Seed = seed, Concurrency = options.Concurrency }))
        {
            result = await progress.StageAsync(stage, episodes, p => driver.RunAsync(episodes, p, cancellationToken)).ConfigureAwait(false);
        }

        await api.StopAsync().ConfigureAwait(false);
        return new DayResult(episodes, result.Sessions.Sum(s => s.Errors), result.Elapsed, result.Latency);
    }
}
