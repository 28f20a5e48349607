using System.CommandLine;
using System.Globalization;
using Botify.Lab.Analysis;
using Botify.Lab.Loop;
using Botify.Lab.Reports;
using Botify.Shared.Data;
using Botify.Shared.Events;
using Botify.Shared.Events.Stream;
using Botify.Train;
using Spectre.Console;

namespace Botify.Lab;

/// <summary>Botify.Lab's command line: the main job, <c>sweep</c>, and <c>analyze</c> for any event log.</summary>
internal static class LabCommand
{
    public static int Run(string[] args)
    {
        // Redirected (a pipe, a CI log), Spectre assumes 80 columns and wraps every cell; such output is read whole.
        if (Console.IsOutputRedirected)
        {
            AnsiConsole.Profile.Width = 240;
        }

        var defaults = new LabOptions();
        var tracks = new Option<int>("--tracks") { Description = "Tracks of the generated world.", DefaultValueFactory = _ => defaults.Tracks };
        var listeners = new Option<int>("--users") { Description = "Listeners of the generated world.", DefaultValueFactory = _ => defaults.Listeners };
        var seed = new Option<int>("--seed") { Description = "Seed of the world; day d's sessions use seed + d.", DefaultValueFactory = _ => defaults.Seed };
        var world = new Option<string?>("--world") { Description = "Load this world folder (Botify.Sim world) instead of generating one." };
        var day1 = new Option<int>("--day1-episodes") { Description = "Sessions of day 1 (cold start).", DefaultValueFactory = _ => defaults.Day1Episodes };
        var days = new Option<int>("--days") { Description = "Days of the run, day 1 (cold start) included; each later day retrains on all logs so far and runs the A/B experiment.", DefaultValueFactory = _ => defaults.Days };
        var dayEpisodes = new Option<int>("--day-episodes", "--day2-episodes") { Description = "Sessions of each A/B day (day 2 onwards).", DefaultValueFactory = _ => defaults.DayEpisodes };
        var references = new Option<int>("--reference-episodes") { Description = "Sessions the oracle, neighbours and random references play in-process on the last day's seed.", DefaultValueFactory = _ => defaults.ReferenceEpisodes };
        var concurrency = new Option<int>("--concurrency") { Description = "Concurrent simulated sessions against the API.", DefaultValueFactory = _ => defaults.Concurrency };
        var dimension = new Option<int>("--dim") { Description = "Embedding dimension of the trained model.", DefaultValueFactory = _ => defaults.Dimension };
        var epochs = new Option<int>("--epochs") { Description = "Most training epochs.", DefaultValueFactory = _ => defaults.Epochs };
        var output = new Option<string?>("--out") { Description = "Run folder (world, logs, model, report); default runs/<UTC time>." };
        var train = new Option<string[]>("--train") { Description = "A trainer setting for every night, KEY=VALUE by its TrainerOptions name (CoListening:Weight=5); repeatable. --dim, --epochs and --seed win over theirs.", AllowMultipleArgumentsPerToken = false };
        Option[] common = [tracks, listeners, seed, world, days, day1, dayEpisodes, references, concurrency, dimension, epochs, output, train];

        LabOptions Options(ParseResult parse, IReadOnlyList<Arm>? arms = null) => new()
        {
            Trainer = TrainerSettings.Parse(parse.GetValue(train) ?? []),
            Tracks = parse.GetValue(tracks),
            Listeners = parse.GetValue(listeners),
            Seed = parse.GetValue(seed),
            WorldPath = parse.GetValue(world),
            Day1Episodes = parse.GetValue(day1),
            Days = parse.GetValue(days),
            DayEpisodes = parse.GetValue(dayEpisodes),
            ReferenceEpisodes = parse.GetValue(references),
            Concurrency = parse.GetValue(concurrency),
            Dimension = parse.GetValue(dimension),
            Epochs = parse.GetValue(epochs),
            Arms = arms ?? Arm.Standard,
            RunFolder = parse.GetValue(output) ?? defaults.RunFolder,
        };

        var root = new RootCommand("Botify.Lab: the whole loop on one machine (world, both services, cold-start day, then each night training on all logs and a hot reload, each day an A/B experiment) and its report. Exits 1 when a model arm served more than 1% of a day's calls from the fallback.");
        foreach (var option in common)
        {
            root.Options.Add(option);
        }

        root.SetAction((parse, token) =>
        {
            try
            {
                var options = Options(parse);
                return RunLoopAsync(options, "Botify.Lab", result => WriteMainReport(result, options), token);
            }
            catch (FormatException e)
            {
                Console.Error.WriteLine($"Botify.Lab: {e.Message}");
                return Task.FromResult(2);
            }
        });

        var parameters = new Option<string[]>("--param") { Description = "A treatment setting and its values, e.g. fatigue.threshold=0.5,0.6,0.7,0.8; repeat to sweep combinations.", Required = true, AllowMultipleArgumentsPerToken = false };
        var sweep = new Command("sweep", "The main job with one A/B treatment per value (or combination) of the swept settings, against the seminar's Contextual.") { parameters };
        foreach (var option in common)
        {
            sweep.Options.Add(option);
        }

        sweep.SetAction((parse, token) =>
        {
            LabOptions options;
            try
            {
                options = Options(parse, SweepParameter.Arms([.. parse.GetValue(parameters)!.Select(SweepParameter.Parse)])) with { Experiment = "SWEEP" };
            }
            catch (FormatException e)
            {
                Console.Error.WriteLine($"Botify.Lab sweep: {e.Message}");
                return Task.FromResult(2);
            }

            return RunLoopAsync(options, "Botify.Lab sweep", result => WriteMainReport(result, options), token);
        });
        root.Subcommands.Add(sweep);

        var probeArms = new Option<string[]>("--arms") { Description = "Arms to play, by name from the main job's set (C, T2, T4, T5, T6, T7, R, P).", DefaultValueFactory = _ => ["C", "T4", "T6"], AllowMultipleArgumentsPerToken = true };
        var probe = new Command("probe", "The loop with a few arms, each A/B day replayed on the world's true vectors: each arm's session time on the model and on the truth, their ratio, and each night's geometry (docs/training.md, \"The probe\").") { probeArms };
        foreach (var option in common)
        {
            probe.Options.Add(option);
        }

        probe.SetAction((parse, token) =>
        {
            LabOptions options;
            try
            {
                options = Options(parse, ProbeCommand.Arms(parse.GetValue(probeArms)!)) with { Experiment = "PROBE", TruthReplay = TruthReplay.EveryDay };
            }
            catch (FormatException e)
            {
                Console.Error.WriteLine($"Botify.Lab probe: {e.Message}");
                return Task.FromResult(2);
            }

            return RunLoopAsync(options, "Botify.Lab probe", result => ProbeCommand.Write(result, "Botify.Lab probe " + string.Join(' ', args.Skip(1))), token);
        });
        root.Subcommands.Add(probe);
        root.Subcommands.Add(AnalyzeCommand());
        root.Subcommands.Add(RetrainCommand.Create());
        return root.Parse(args).Invoke();
    }

    /// <summary>
    /// Runs the loop, lets <paramref name="write"/> print and write its report (returning the files), and exits 1
    /// when a model arm passed the fallback limit on any day; <paramref name="name"/> heads every error line.
    /// </summary>
    internal static async Task<int> RunLoopAsync(LabOptions options, string name, Func<LabResult, IEnumerable<string>> write, CancellationToken cancellationToken)
    {
        if (options.Days < 2)
        {
            // Bad usage (exit 2), caught before a world is built: day 1 is the cold start, so an experiment needs a second day.
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}: --days must be at least 2 (day 1 is the cold start), not {options.Days}"));
            return 2;
        }

        try
        {
            var result = await new LabRun(options, new ConsoleProgress()).RunAsync(cancellationToken).ConfigureAwait(false);
            foreach (var file in write(result))
            {
                AnsiConsole.MarkupLineInterpolated($"wrote {file}");
            }

            var breaches = FallbackLimit.Check(result.Report.Days, options.Arms, options.FallbackLimit);
            foreach (var breach in breaches)
            {
                Console.Error.WriteLine(breach.ToString());
            }

            return FallbackLimit.ExitCode(breaches);
        }
        catch (Exception e) when (e is DataFileException or ArgumentException or IOException)
        {
            Console.Error.WriteLine($"{name}: {e.Message}");
            return 1;
        }
    }

    /// <summary>The main job's and the sweep's report: the analysis, the run summary, the report files and the experiment settings.</summary>
    private static IEnumerable<string> WriteMainReport(LabResult result, LabOptions options)
    {
        ReportConsole.Print(result.Report);
        var summary = RunSummaryText.Render(result);
        AnsiConsole.WriteLine(summary);
        return ReportFiles.Write(result.Report, result.RunFolder, summary + Environment.NewLine)
            .Concat(ExperimentSettingsFile.Write(result.RunFolder, options.Experiment, options.Arms, result.Report));
    }

    private static Command AnalyzeCommand()
    {
        var events = new EventSourceOptions(consumer: "botify-analyze");
        var experiment = new Option<string>("--experiment") { Description = "Experiment name as written in the events' \"experiments\" field.", Required = true };
        var control = new Option<string?>("--control") { Description = "Control treatment; default \"C\" when present, else the first treatment by name." };
        var output = new Option<string?>("--out") { Description = "Folder to write report.md, report.json and report.png into." };
        var command = new Command("analyze", "The A/B report for any event log in Botify's (the course's) schema, from files or the event stream.") { experiment, control, output };
        events.AddTo(command);
        command.SetAction(parse =>
        {
            var (logs, stream, usage) = events.Read(parse, TimeProvider.System);
            if (usage is not null)
            {
                Console.Error.WriteLine($"Botify.Lab analyze: {usage}");
                return 2;
            }

            try
            {
                var analysis = new ExperimentAnalysis(parse.GetValue(experiment)!);
                AnalyzedEvents.Read(logs, stream, analysis);
                var report = analysis.Report(parse.GetValue(control));
                ReportConsole.Print(report);
                if (parse.GetValue(output) is { } folder)
                {
                    foreach (var file in ReportFiles.Write(report, folder))
                    {
                        AnsiConsole.MarkupLineInterpolated($"wrote {file}");
                    }
                }

                return 0;
            }
            catch (Exception e) when (e is DataFileException or ArgumentException or EventStreamException)
            {
                Console.Error.WriteLine($"Botify.Lab analyze: {e.Message}");
                return 1;
            }
        });
        return command;
    }
}
