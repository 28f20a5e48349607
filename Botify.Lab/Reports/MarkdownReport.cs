using System.Text;
using Botify.Lab.Analysis;
using static Botify.Lab.Reports.ReportCells;

namespace Botify.Lab.Reports;

/// <summary>The experiment report as Markdown tables, the form kept in the run folder and the README.</summary>
public static class MarkdownReport
{
    public static string Render(ExperimentReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var oracle = report.OracleMean;
        var text = new StringBuilder();
        var last = report.Days.Count > 0 ? Invariant($", the last day, day {report.Days[^1].Day}") : string.Empty;
        text.AppendLine(Invariant($"## Experiment `{report.Experiment}` (control `{report.Control}`{last})"));
        text.AppendLine();
        text.AppendLine("| treatment | listeners | sessions | mean time per session (95% CI) | effect vs control, % (95% CI) | fallback, % of next / of sessions | explore, % of next | memory, % of next | tracks per session | share of oracle | latency mean / p99, ms |");
        text.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var row in report.Treatments)
        {
            var s = row.Stats;
            var name = row.Description is null ? s.Treatment : Invariant($"{s.Treatment} — {row.Description}");
            var share = oracle is > 0 ? Invariant($"{s.Mean / oracle.Value:P1}") : "—";
            text.AppendLine(Invariant($"| {name} | {s.Listeners} | {s.Sessions} | {Mean(s)} | {Effect(row)} | {Fallback(s)} | {Explore(s)} | {Memory(s)} | {s.TracksPerSession:F2} | {share} | {s.MeanLatencyMs:F2} / {s.P99LatencyMs:F2} |"));
        }

        foreach (var reference in report.References)
        {
            var share = oracle is > 0 ? Invariant($"{reference.Mean / oracle.Value:P1}") : "—";
            text.AppendLine(Invariant($"| *{reference.Name}* | {reference.Listeners} | {reference.Sessions} | {reference.Mean:F3} ± {reference.HalfWidth95:F3} | — | — | — | — | {reference.TracksPerSession:F2} | {share} | — |"));
        }

        text.AppendLine();
        text.AppendLine(Invariant($"`*` the 95% Welch interval excludes 0. {report.Events:N0} events read; {report.EventsWithoutExperiment:N0} without this experiment; {report.DroppedSessions:N0} unfinished sessions dropped. The listener is the unit: each contributes its mean time per session. Fallback: answers whose source is `fallback:*` (the index slow, down or out of candidates); explore: a deliberate random track (`explore:*`), not a fallback; memory: a track served from the listener's memory (`memory`), with no index call."));
        if (report.Days.Count > 0)
        {
            text.AppendLine();
            RenderDays(report.Days, text);
        }

        return text.ToString();
    }

    private static void RenderDays(IReadOnlyList<DayReport> days, StringBuilder text)
    {
        text.AppendLine("## Every A/B day");
        text.AppendLine();
        text.AppendLine("| treatment | " + string.Join(" | ", days.Select(d => Invariant($"day {d.Day}"))) + " |");
        text.AppendLine("| --- | " + string.Join(" | ", days.Select(_ => "---:")) + " |");
        foreach (var treatment in Treatments(days))
        {
            text.AppendLine(Invariant($"| {treatment} | ") + string.Join(" | ", days.Select(d => On(d, treatment) is { } s ? DayCell(s) : "—")) + " |");
        }

        text.AppendLine();
        text.AppendLine(DaysLegend);
        text.AppendLine();
        foreach (var day in days)
        {
            text.AppendLine(day.WarmedUp
                ? Invariant($"- day {day.Day} (seed {day.Seed}): {day.WarmUp}.")
                : Invariant($"- **day {day.Day} (seed {day.Seed}): {day.WarmUp}; the day ran anyway.**"));
        }
    }
}
