using System.Globalization;
using System.Text;
using Botify.Lab.Analysis;

namespace Botify.Lab.Reports;

/// <summary>The experiment report as a Markdown table, the form kept in the run folder and the README.</summary>
public static class MarkdownReport
{
    public static string Render(ExperimentReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var oracle = report.OracleMean;
        var text = new StringBuilder();
        text.AppendLine(Invariant($"## Experiment `{report.Experiment}` (control `{report.Control}`)"));
        text.AppendLine();
        text.AppendLine("| treatment | listeners | sessions | mean time per session (95% CI) | effect vs control, % (95% CI) | tracks per session | share of oracle | latency mean / p99, ms |");
        text.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var row in report.Treatments)
        {
            var s = row.Stats;
            var name = row.Description is null ? s.Treatment : Invariant($"{s.Treatment} — {row.Description}");
            var effect = row.Effect is { } e
                ? Invariant($"{e.Percent:+0.00;-0.00} [{e.Lower:+0.00;-0.00}, {e.Upper:+0.00;-0.00}]{(e.Significant ? " *" : string.Empty)}")
                : "control";
            var share = oracle is > 0 ? Invariant($"{s.Mean / oracle.Value:P1}") : "—";
            text.AppendLine(Invariant($"| {name} | {s.Listeners} | {s.Sessions} | {s.Mean:F3} ± {s.HalfWidth95:F3} | {effect} | {s.TracksPerSession:F2} | {share} | {s.MeanLatencyMs:F2} / {s.P99LatencyMs:F2} |"));
        }

        foreach (var reference in report.References)
        {
            var share = oracle is > 0 ? Invariant($"{reference.Mean / oracle.Value:P1}") : "—";
            text.AppendLine(Invariant($"| *{reference.Name}* | {reference.Listeners} | {reference.Sessions} | {reference.Mean:F3} ± {reference.HalfWidth95:F3} | — | {reference.TracksPerSession:F2} | {share} | — |"));
        }

        text.AppendLine();
        text.AppendLine(Invariant($"`*` the 95% Welch interval excludes 0. {report.Events:N0} events read; {report.EventsWithoutExperiment:N0} without this experiment; {report.DroppedSessions:N0} unfinished sessions dropped. The listener is the unit: each contributes its mean time per session."));
        return text.ToString();
    }

    private static string Invariant(FormattableString value) => value.ToString(CultureInfo.InvariantCulture);
}
