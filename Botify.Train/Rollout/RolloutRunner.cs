using System.Net;
using Spectre.Console;

namespace Botify.Train.Rollout;

/// <summary>Runs a checked roll-out for the command line: finds the replicas, rolls, prints the table. Exit code 0 when every replica serves the bundle, 1 otherwise.</summary>
internal static class RolloutRunner
{
    public static async Task<int> RunAsync(
        RolloutPlan plan, RolloutBundle bundle, TimeProvider time, Func<string, CancellationToken, Task<IPAddress[]>> lookup, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(bundle);
        IReadOnlyList<ReplicaAddress> replicas;
        try
        {
            replicas = await plan.ReplicasAsync(lookup, cancellationToken).ConfigureAwait(false);
        }
        catch (ReplicaDiscoveryException e)
        {
            await Console.Error.WriteLineAsync($"Botify.Train rollout: {e.Message}").ConfigureAwait(false);
            return 1;
        }

        AnsiConsole.MarkupLineInterpolated(
            $"Rolling out model [bold]{bundle.ExpectedVersion}[/] (bundle_path {bundle.ReloadPath}) to {plan.DescribeTargets()}: {replicas.Count} replica(s), one at a time.");
        var options = new RolloutOptions
        {
            ReloadPath = bundle.ReloadPath,
            ExpectedVersion = bundle.ExpectedVersion,
            AdminToken = plan.AdminToken,
            ReadyTimeout = plan.ReadyTimeout,
            ReloadTimeout = plan.ReloadTimeout,
        };
        var report = await new ModelRollout(options, time, RolloutReportPrinter.PrintReplica).RunAsync(replicas, cancellationToken).ConfigureAwait(false);
        RolloutReportPrinter.Print(report);
        if (report.Failure is { } failure)
        {
            await Console.Error.WriteLineAsync($"Botify.Train rollout: {failure.Error}").ConfigureAwait(false);
            return 1;
        }

        return 0;
    }
}
