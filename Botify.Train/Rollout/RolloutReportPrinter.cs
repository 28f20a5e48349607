using System.Globalization;
using Spectre.Console;

namespace Botify.Train.Rollout;

/// <summary>Prints a roll-out as it goes (a line per replica) and as a table at the end.</summary>
internal static class RolloutReportPrinter
{
    public static void PrintReplica(ReplicaResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        AnsiConsole.MarkupLineInterpolated($"  {result.Replica}: {Outcome(result.Outcome)} ({Seconds(result)} s)");
    }

    public static void Print(RolloutReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var table = new Table().AddColumns("replica", "old version", "new version", "outcome", "seconds");
        foreach (var r in report.Replicas)
        {
            table.AddRow(
                Markup.Escape(r.Replica.ToString()),
                Markup.Escape(r.OldVersion ?? "-"),
                Markup.Escape(r.NewVersion ?? "-"),
                Markup.Escape(Outcome(r.Outcome)),
                Seconds(r));
        }

        AnsiConsole.Write(table);
        var rolled = report.Replicas.Count(r => r.Outcome == ReplicaOutcome.Rolled);
        var already = report.Replicas.Count(r => r.Outcome == ReplicaOutcome.AlreadyServing);
        var untouched = report.Replicas.Count(r => r.Outcome == ReplicaOutcome.NotTouched);
        if (report.Succeeded)
        {
            AnsiConsole.MarkupLineInterpolated($"Every replica serves {report.ExpectedVersion}: {rolled} reloaded, {already} already on it.");
        }
        else
        {
            AnsiConsole.MarkupLineInterpolated($"Stopped at {report.Failure?.Replica}: {rolled} reloaded, {untouched} not touched (still on their old model).");
        }
    }

    private static string Outcome(ReplicaOutcome outcome) => outcome switch
    {
        ReplicaOutcome.Rolled => "rolled",
        ReplicaOutcome.AlreadyServing => "already serving",
        ReplicaOutcome.Failed => "FAILED",
        _ => "not touched",
    };

    private static string Seconds(ReplicaResult result) => result.Elapsed.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture);
}
