using System.Globalization;
using Botify.Lab.Analysis;
using Spectre.Console;

namespace Botify.Lab.Reports;

/// <summary>Prints an experiment report as a table on the console.</summary>
public static class ReportConsole
{
    public static void Print(ExperimentReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var oracle = report.OracleMean;
        var table = new Table().Title(Invariant($"experiment {report.Experiment} — control {report.Control}"))
            .AddColumns("treatment", "listeners", "sessions", "mean time/session (95% CI)", "effect % (95% CI)", "tracks/session", "share of oracle", "latency ms mean/p99");
        foreach (var row in report.Treatments)
        {
            var s = row.Stats;
            var effect = row.Effect is { } e
                ? Invariant($"{e.Percent:+0.00;-0.00} [{e.Lower:+0.00;-0.00}, {e.Upper:+0.00;-0.00}]{(e.Significant ? " *" : string.Empty)}")
                : "control";
            table.AddRow(
                Markup.Escape(row.Description is null ? s.Treatment : $"{s.Treatment} ({row.Description})"),
                Invariant($"{s.Listeners}"),
                Invariant($"{s.Sessions}"),
                Invariant($"{s.Mean:F3} ± {s.HalfWidth95:F3}"),
                Markup.Escape(effect),
                Invariant($"{s.TracksPerSession:F2}"),
                oracle is > 0 ? Invariant($"{s.Mean / oracle.Value:P1}") : "-",
                Invariant($"{s.MeanLatencyMs:F2} / {s.P99LatencyMs:F2}"));
        }

        foreach (var reference in report.References)
        {
            table.AddRow(
                Markup.Escape(reference.Name),
                Invariant($"{reference.Listeners}"),
                Invariant($"{reference.Sessions}"),
                Invariant($"{reference.Mean:F3} ± {reference.HalfWidth95:F3}"),
                "-",
                Invariant($"{reference.TracksPerSession:F2}"),
                oracle is > 0 ? Invariant($"{reference.Mean / oracle.Value:P1}") : "-",
                "-");
        }

        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine(Invariant($"* the Welch 95% interval excludes 0. {report.Events:N0} events; {report.EventsWithoutExperiment:N0} without the experiment; {report.DroppedSessions:N0} unfinished sessions dropped."));
    }

    private static string Invariant(FormattableString value) => value.ToString(CultureInfo.InvariantCulture);
}
