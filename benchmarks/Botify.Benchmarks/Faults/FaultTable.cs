using System.Globalization;
using Spectre.Console;

namespace Botify.Benchmarks.Faults;

/// <summary>The one table the <c>faults</c> command prints.</summary>
internal static class FaultTable
{
    public static void Print(IReadOnlyList<ProbeResult> results)
    {
        var table = new Table().AddColumns("probe", "requests", "failures by status", "fallback share", "recovery time", "lost events", "memory share", "target", "verdict");
        foreach (var result in results)
        {
            table.AddRow(
                Markup.Escape(result.Probe),
                result.Requests.ToString("N0", CultureInfo.InvariantCulture),
                Markup.Escape(Failures(result)),
                result.FallbackShare is { } share ? share.ToString("P1", CultureInfo.InvariantCulture) : "-",
                result.RecoverySeconds is { } recovery ? recovery.ToString("F2", CultureInfo.InvariantCulture) + " s" : "-",
                result.LostEvents is { } lost ? lost.ToString(CultureInfo.InvariantCulture) : "-",
                result.MemoryShare is { } memory ? memory.ToString("P1", CultureInfo.InvariantCulture) : "-",
                Markup.Escape(result.Target),
                Markup.Escape(Verdict(result)));
        }

        AnsiConsole.Write(table);
        foreach (var result in results.Where(result => result.Note is not null))
        {
            AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"{result.Probe}: {result.Note}");
        }
    }

    public static string Failures(ProbeResult result) =>
        result.Verdict == ProbeVerdict.Skipped ? "-"
        : result.Failures.Count == 0 ? "none"
        : string.Join(", ", result.Failures.OrderByDescending(pair => pair.Value).Select(pair => string.Create(CultureInfo.InvariantCulture, $"{pair.Key} {pair.Value}")));

    public static string Verdict(ProbeResult result) => result.Verdict switch
    {
        ProbeVerdict.Met => "met",
        ProbeVerdict.Missed => "MISSED",
        ProbeVerdict.Skipped => "skipped",
        _ => "ERROR",
    };
}
