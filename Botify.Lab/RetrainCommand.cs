using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Botify.Lab.Loop;
using Botify.Shared.Data;
using Botify.Shared.Models;
using Botify.Sim.Worlds;
using Botify.Train.Model;
using Botify.Train.Output;

namespace Botify.Lab;

/// <summary>
/// <c>Botify.Lab retrain</c>: trains again on a finished run's day logs with other trainer settings and scores each
/// model against the run's world, so two settings are compared on the same logs (docs/training.md, "Retraining on a
/// run's logs"). The truth scores the model only; training reads the logs and the catalog, as every night does.
/// </summary>
internal static class RetrainCommand
{
    public static Command Create()
    {
        var defaults = new LabOptions();
        var run = new Option<string>("--run") { Description = "Run folder of a finished main job or probe (its day<N>-events logs).", Required = true };
        var world = new Option<string?>("--world") { Description = "World folder of the run; default <run>/world." };
        var nights = new Option<int[]>("--nights") { Description = "Nights to train again: night n trains on days 1..n.", DefaultValueFactory = _ => [1, 2, 3], AllowMultipleArgumentsPerToken = true };
        var dimension = new Option<int>("--dim") { Description = "Embedding dimension, as in the run.", DefaultValueFactory = _ => defaults.Dimension };
        var epochs = new Option<int>("--epochs") { Description = "Most training epochs, as in the run.", DefaultValueFactory = _ => defaults.Epochs };
        var seed = new Option<int>("--seed") { Description = "The run's seed: the trainer's, and the geometry sample's.", DefaultValueFactory = _ => defaults.Seed };
        var train = new Option<string[]>("--train") { Description = "A trainer setting, KEY=VALUE by its TrainerOptions name; repeatable.", AllowMultipleArgumentsPerToken = false };
        var command = new Command("retrain", "Train again on a run's day logs with other trainer settings and print each night's held-out pair AUC and geometry against the run's world (docs/training.md).")
        {
            run, world, nights, dimension, epochs, seed, train,
        };
        command.SetAction(parse =>
        {
            try
            {
                var options = TrainerSettings.Parse(parse.GetValue(train) ?? []) with
                {
                    Dimension = parse.GetValue(dimension),
                    Epochs = parse.GetValue(epochs),
                    Seed = parse.GetValue(seed),
                };
                var folder = parse.GetValue(run)!;
                Retrain(folder, parse.GetValue(world) ?? Path.Combine(folder, "world"), parse.GetValue(nights)!, options, Console.Out);
                return 0;
            }
            catch (FormatException e)
            {
                Console.Error.WriteLine($"Botify.Lab retrain: {e.Message}");
                return 2;
            }
            catch (Exception e) when (e is DataFileException or ArgumentException or IOException)
            {
                Console.Error.WriteLine($"Botify.Lab retrain: {e.Message}");
                return 1;
            }
        });
        return command;
    }

    /// <summary>Trains each night of <paramref name="nights"/> on the run's logs and writes one table row per night.</summary>
    public static void Retrain(string runFolder, string worldFolder, IReadOnlyList<int> nights, TrainerOptions options, TextWriter output)
    {
        if (nights.Count == 0 || nights.Any(n => n < 1))
        {
            throw new ArgumentException($"--nights must name nights from 1 up, not '{string.Join(' ', nights)}'");
        }

        var last = nights.Max();
        var logs = Enumerable.Range(1, last).Select(d => Path.Combine(runFolder, Invariant($"day{d}-events"))).ToList();
        if (logs.FirstOrDefault(l => !File.Exists(l) && !Directory.Exists(l)) is { } missing)
        {
            throw new ArgumentException($"--run {runFolder}: no log {Path.GetFileName(missing)} (night {last} trains on days 1..{last})");
        }

        if (!Directory.Exists(worldFolder))
        {
            throw new ArgumentException($"--world {worldFolder}: no such folder (a run on --world keeps its world where it was)");
        }

        var loaded = World.Load(worldFolder);
        var probe = new GeometryProbe(loaded.TrueVectors, GeometryProbe.DefaultSampleSize, options.Seed);
        output.WriteLine(Invariant($"| night | held-out pair AUC | epochs | recall@10 | affinity ratio | sampled tracks heard ≥ {GeometryProbe.DefaultMinPlays} times | their affinity ratio | seconds |"));
        output.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        var scratch = Path.Combine(Path.GetTempPath(), "botify-retrain-" + Guid.NewGuid().ToString("N"));
        var plays = new int[loaded.TrueVectors.Rows];
        var counted = 0;
        try
        {
            foreach (var night in nights.Order())
            {
                var started = Stopwatch.GetTimestamp();
                var days = logs.Take(night).ToList();
                var bundle = Path.Combine(scratch, Invariant($"night{night}"));
                var report = TrainingPipeline.Run(new TrainingRequest(days, bundle, options, Users: loaded.Listeners.Count, Catalog: loaded.Catalog));
                // Nights go in order, so each one counts only the days the one before had not.
                for (; counted < night; counted++)
                {
                    LabRun.CountPlays(logs[counted], plays);
                }

                var model = ModelBundle.Load(bundle);
                var g = probe.Measure(night, model.Context, model.Tracks, model.TrackBias, plays);
                output.WriteLine(Invariant($"| {night} | {report.PairAuc:F4} | {report.Epochs.Count} | {g.Recall:F3} | {g.AffinityRatio:F3} | {g.HeardSample} of {g.Sample} | {g.HeardAffinityRatio:F3} | {Stopwatch.GetElapsedTime(started).TotalSeconds:F0} |"));
            }
        }
        finally
        {
            if (Directory.Exists(scratch))
            {
                Directory.Delete(scratch, recursive: true);
            }
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
