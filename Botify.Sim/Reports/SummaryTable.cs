using System.Globalization;
using Spectre.Console;

namespace Botify.Sim.Reports;

/// <summary>Prints a run summary as tables on the console.</summary>
public static class SummaryTable
{
    /// <summary>Writes the per-treatment table and, for remote runs, throughput, latency and errors.</summary>
    public static void Write(IAnsiConsole console, RunSummary summary)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(summary);
        var table = new Table().Title(Markup.Escape($"{summary.Source}: {summary.Episodes} sessions, seed {summary.Seed.ToString(CultureInfo.InvariantCulture)}"));
        table.AddColumns("treatment", "sessions", "failed", "capped", "session time (95% CI)", "steps (95% CI)");
        foreach (var t in summary.Treatments)
        {
            table.AddRow(
                Markup.Escape(t.Treatment.Length > 0 ? t.Treatment : "(none)"),
                Format(t.Sessions),
                Format(t.FailedSessions),
                Format(t.TruncatedSessions),
                Format(t.SessionTime),
                Format(t.Steps));
        }

        console.Write(table);
        console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{summary.Steps:N0} listener steps in {summary.ElapsedSeconds:F2} s: {summary.StepsPerSecond:N0} steps/s"));
        if (summary.Remote is { } remote)
        {
            console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{remote.Calls:N0} calls, {remote.RequestsPerSecond:N0} requests/s; latency p50 {remote.P50Ms:F2} ms, p95 {remote.P95Ms:F2} ms, p99 {remote.P99Ms:F2} ms, max {remote.MaxMs:F2} ms"));
            var kinds = string.Join(", ", remote.ErrorsByKind.OrderBy(k => k.Key, StringComparer.Ordinal).Select(k => string.Create(CultureInfo.InvariantCulture, $"{k.Key} {k.Value}")));
            console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"errors: {remote.Errors:N0} ({remote.ErrorRate:P2}){(kinds.Length > 0 ? ": " + kinds : string.Empty)}"));
        }
    }

    private static string Format(int value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Format(MeanInterval interval) => interval.Count switch
    {
        0 => "-",
        1 => interval.Mean.ToString("F3", CultureInfo.InvariantCulture),
        _ => string.Create(CultureInfo.InvariantCulture, $"{interval.Mean:F3} ± {interval.HalfWidth:F3}"),
    };
}
