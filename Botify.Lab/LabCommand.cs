using System.CommandLine;
using Botify.Lab.Analysis;
using Botify.Lab.Reports;
using Botify.Shared.Data;
using Botify.Shared.Events;
using Spectre.Console;

namespace Botify.Lab;

/// <summary>Botify.Lab's command line: the main job, and <c>analyze</c> for any event log.</summary>
internal static class LabCommand
{
    public static int Run(string[] args)
    {
        var root = new RootCommand("Botify.Lab: runs the whole loop on one machine and reports an A/B experiment.");
        root.Subcommands.Add(AnalyzeCommand());
        return root.Parse(args).Invoke();
    }

    private static Command AnalyzeCommand()
    {
        var log = new Option<string>("--log") { Description = "Event log file or folder (JSON lines, .gz allowed): Botify's or the course's.", Required = true };
        var experiment = new Option<string>("--experiment") { Description = "Experiment name as written in the events' \"experiments\" field.", Required = true };
        var control = new Option<string?>("--control") { Description = "Control treatment; default \"C\" when present, else the first treatment by name." };
        var output = new Option<string?>("--out") { Description = "Folder to write report.md, report.json and report.png into." };
        var command = new Command("analyze", "The A/B report for any event log in Botify's (the course's) schema.") { log, experiment, control, output };
        command.SetAction(parse =>
        {
            try
            {
                var report = ExperimentAnalyzer.Analyze(EventLogReader.Read(parse.GetValue(log)!), parse.GetValue(experiment)!, parse.GetValue(control));
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
            catch (Exception e) when (e is DataFileException or ArgumentException)
            {
                Console.Error.WriteLine($"Botify.Lab analyze: {e.Message}");
                return 1;
            }
        });
        return command;
    }
}
