using Botify.Lab.Analysis;
using Spectre.Console;
using static Botify.Lab.Reports.ReportCells;

namespace Botify.Lab.Reports;

/// <summary>Prints an experiment report as tables on the console: the main one, then one row per treatment over the A/B days.</summary>
public static class ReportConsole
{
    public static void Print(ExperimentReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var oracle = report.OracleMean;
        var table = new Table().Title(Invariant($"experiment {report.Experiment} — control {report.Control}{(report.Days.Count > 0 ? Invariant($" — day {report.Days[^1].Day}") : string.Empty)}"))
            .AddColumns("treatment", "listeners", "sessions", "mean time/session (95% CI)", "effect % (95% CI)", "fallback % next / sessions", "explore %", "memory %", "tracks/session", "share of oracle", "latency ms mean/p99");
        foreach (var row in report.Treatments)
        {
            var s = row.Stats;
            table.AddRow(
                Markup.Escape(row.Description is null ? s.Treatment : $"{s.Treatment} ({row.Description})"),
                Invariant($"{s.Listeners}"),
                Invariant($"{s.Sessions}"),
                Mean(s),
                Markup.Escape(Effect(row)),
                Fallback(s),
                Explore(s),
                Memory(s),
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
                "-",
                "-",
                "-",
                Invariant($"{reference.TracksPerSession:F2}"),
                oracle is > 0 ? Invariant($"{reference.Mean / oracle.Value:P1}") : "-",
                "-");
        }

        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine(Invariant($"* the Welch 95% interval excludes 0. {report.Events:N0} events; {report.EventsWithoutExperiment:N0} without the experiment; {report.DroppedSessions:N0} unfinished sessions dropped."));
        if (report.Days.Count > 0)
        {
            PrintDays(report.Days);
        }
    }

    private static void PrintDays(IReadOnlyList<DayReport> days)
    {
        var table = new Table().Title("every A/B day").AddColumn("treatment");
        foreach (var day in days)
        {
            table.AddColumn(Invariant($"day {day.Day}"));
        }

        foreach (var treatment in Treatments(days))
        {
            table.AddRow([treatment, .. days.Select(d => On(d, treatment) is { } s ? DayCell(s) : "-")]);
        }

        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine(Markup.Escape(DaysLegend.Replace("`", string.Empty, StringComparison.Ordinal)));
        foreach (var day in days)
        {
            var line = Markup.Escape(Invariant($"day {day.Day} (seed {day.Seed}): {day.WarmUp}"));
            AnsiConsole.MarkupLine(day.WarmedUp ? line : "[yellow]" + line + "[/]");
        }
    }
}
