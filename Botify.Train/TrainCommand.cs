using System.CommandLine;
using System.Globalization;
using Botify.Shared.Catalog;
using Botify.Shared.Data;
using Botify.Shared.Events.Stream;
using Botify.Train.Examples;
using Botify.Train.Model;
using Botify.Train.Output;
using Botify.Train.Rollout;
using Spectre.Console;

namespace Botify.Train;

/// <summary><c>Botify.Train --log ... --out BUNDLE</c> (or <c>--stream URL --since 24h</c>): learns a model bundle from event logs.</summary>
internal static class TrainCommand
{
    public static int Run(string[] args)
    {
        // Redirected (a pipe, a CI log), Spectre assumes 80 columns and wraps every cell; such output is read whole.
        if (Console.IsOutputRedirected)
        {
            AnsiConsole.Profile.Width = 240;
        }

        var defaults = new TrainerOptions();
        var output = new Option<string>("--out") { Description = "Model bundle folder to write (or --out-root)." };
        var dimension = new Option<int>("--dim") { Description = "Embedding dimension d (1..1024).", DefaultValueFactory = _ => defaults.Dimension };
        var epochs = new Option<int>("--epochs") { Description = "Most epochs; early stopping on the held-out sessions may end sooner.", DefaultValueFactory = _ => defaults.Epochs };
        var context = new Option<string>("--context") { Description = "Context of an example: the session's first track, or the previous track.", DefaultValueFactory = _ => "first" };
        context.AcceptOnlyFromAmong("first", "previous");
        var negatives = new Option<int>("--negatives") { Description = "Random tracks per example taught as heard for 0 (0..100).", DefaultValueFactory = _ => defaults.Negatives };
        var learningRate = new Option<float>("--learning-rate") { Description = "AdaGrad learning rate of the vectors.", DefaultValueFactory = _ => defaults.LearningRate };
        var biasLearningRate = new Option<float?>("--bias-learning-rate") { Description = "AdaGrad learning rate of the biases (a track's reach); default --learning-rate." };
        var l2 = new Option<float?>("--l2") { Description = "L2 regularisation on the per-track and listener rows; default 0.02, or 0.1 with --catalog." };
        var featureL2 = new Option<float>("--feature-l2") { Description = "L2 regularisation on the catalog feature rows (artists, genres).", DefaultValueFactory = _ => defaults.FeatureL2 };
        var validationShare = new Option<double>("--validation-share") { Description = "Share of sessions held out for validation (0..0.5).", DefaultValueFactory = _ => defaults.ValidationShare };
        var threads = new Option<int>("--threads") { Description = "Training threads, 0 = all cores (Hogwild); 1 is reproducible.", DefaultValueFactory = _ => 0 };
        var seed = new Option<int>("--seed") { Description = "Seed of initialisation, split and shuffles.", DefaultValueFactory = _ => defaults.Seed };
        var catalog = new Option<string?>("--catalog") { Description = "Track catalog (JSON lines): fixes the number of tracks and gives artists, whose shared vectors carry what is learned to their rarely heard tracks. Default: largest id in the log + 1, no artists." };
        var users = new Option<int?>("--users") { Description = "Number of listeners; default: largest id in the log + 1." };
        var exportCourse = new Option<string?>("--export-course") { Description = "Also write the course's recommendations_contextual.json (top-100 per context track) into this folder." };
        var pairDefaults = defaults.CoListening;
        var pairWeight = new Option<float>("--co-listening") { Description = "Weight of the co-listening ranking loss against the regression (0 = off, 0..100).", DefaultValueFactory = _ => pairDefaults.Weight };
        var pairThreshold = new Option<float>("--liked-threshold") { Description = "Share heard at which a track counts as liked for co-listening pairs.", DefaultValueFactory = _ => pairDefaults.Threshold };
        var pairWindow = new Option<int>("--pair-window") { Description = "Liked tracks before it that each liked track is paired with (besides the session's first).", DefaultValueFactory = _ => pairDefaults.Window };
        var startPairs = new Option<float>("--start-pair-weight") { Description = "Weight of a pair of one listener's session-start tracks (0 = leave them out, 0..1).", DefaultValueFactory = _ => pairDefaults.StartPairWeight };
        var pairNegatives = new Option<int>("--pair-negatives") { Description = "Negatives per co-listening pair, drawn from the pairs' own tracks (1..100).", DefaultValueFactory = _ => pairDefaults.Negatives };
        var sessionNegatives = new Option<int>("--session-negatives") { Description = "Negatives a within-session pair takes from its session's own skips, besides the drawn ones, each ranked below the liked track (0..10, 0 = off).", DefaultValueFactory = _ => pairDefaults.SessionNegatives };
        var command = new RootCommand("Learns context, track and listener embeddings from Botify's event log and writes a model bundle.")
        {
            output, dimension, epochs, context, negatives, learningRate, biasLearningRate, l2, featureL2, validationShare, threads, seed, catalog, users, exportCourse,
            pairWeight, pairThreshold, pairWindow, startPairs, pairNegatives, sessionNegatives,
        };
        // Roll-out: --out-root, the --rollout-* options and the `rollout` subcommand live in Rollout/TrainingRollout.cs.
        var rollout = new TrainingRollout(TimeProvider.System);
        rollout.AddTo(command);
        var events = new EventSourceOptions();
        events.AddTo(command);
        command.SetAction(parse =>
        {
            TrainerOptions options;
            try
            {
                options = new TrainerOptions
                {
                    Dimension = parse.GetValue(dimension),
                    Epochs = parse.GetValue(epochs),
                    Context = parse.GetValue(context) == "previous" ? ContextChoice.Previous : ContextChoice.First,
                    Negatives = parse.GetValue(negatives),
                    LearningRate = parse.GetValue(learningRate),
                    BiasLearningRate = parse.GetValue(biasLearningRate),
                    L2 = parse.GetValue(l2),
                    FeatureL2 = parse.GetValue(featureL2),
                    ValidationShare = parse.GetValue(validationShare),
                    Threads = parse.GetValue(threads),
                    Seed = parse.GetValue(seed),
                    CoListening = new CoListeningSettings
                    {
                        Weight = parse.GetValue(pairWeight),
                        Threshold = parse.GetValue(pairThreshold),
                        Window = parse.GetValue(pairWindow),
                        StartPairWeight = parse.GetValue(startPairs),
                        Negatives = parse.GetValue(pairNegatives),
                        SessionNegatives = parse.GetValue(sessionNegatives),
                    },
                };
                options.Validate();
            }
            catch (ArgumentOutOfRangeException e)
            {
                Console.Error.WriteLine($"Botify.Train: {e.Message.Split(Environment.NewLine)[0]}");
                return 2;
            }

            var (logs, stream, eventsError) = events.Read(parse, TimeProvider.System);
            if (eventsError is not null)
            {
                Console.Error.WriteLine($"Botify.Train: {eventsError}");
                return 2;
            }

            if (rollout.Prepare(parse, parse.GetValue(output)) is { } usage)
            {
                return usage;
            }

            try
            {
                var tracks = parse.GetValue(catalog) is { } catalogPath ? TrackCatalog.Load(catalogPath) : null;
                var request = new TrainingRequest(logs, rollout.BundleFolder, options, Users: parse.GetValue(users), ExportCourseFolder: parse.GetValue(exportCourse), Catalog: tracks, Stream: stream);
                var report = RunWithProgress(request);
                TrainingReportPrinter.Print(report);
                return rollout.AfterTraining();
            }
            catch (Exception e) when (e is DataFileException or ArgumentException or IOException or EventStreamException)
            {
                Console.Error.WriteLine($"Botify.Train: {e.Message}");
                return 1;
            }
        });
        // Bad usage exits 2 as the house style asks (System.CommandLine's own handler exits 1), for training and `rollout` alike.
        var parsed = command.Parse(args);
        foreach (var error in parsed.Errors)
        {
            Console.Error.WriteLine($"Botify.Train: {error.Message}");
        }

        return parsed.Errors.Count > 0 ? 2 : parsed.Invoke();
    }

    private static TrainingReport RunWithProgress(TrainingRequest request)
    {
        TrainingReport? report = null;
        AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(progress =>
            {
                var task = progress.AddTask("training", maxValue: request.Options.Epochs);
                report = TrainingPipeline.Run(request, epoch =>
                {
                    task.Description = string.Create(CultureInfo.InvariantCulture,
                        $"epoch {epoch.Epoch}: train {epoch.TrainRmse:F4}, validation {epoch.ValidationRmse:F4}, {epoch.ExamplesPerSecond:N0} examples/s");
                    task.Value = epoch.Epoch;
                });
                task.Value = task.MaxValue;
            });
        return report!;
    }
}
