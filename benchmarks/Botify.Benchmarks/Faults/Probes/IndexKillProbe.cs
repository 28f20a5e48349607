using System.Globalization;

namespace Botify.Benchmarks.Faults.Probes;

/// <summary>
/// <c>kill -9</c> of the index under load, then a restart on the same ports: failed calls, the fallback share
/// while it is down, and the time from the index answering <c>/healthz</c> again to the first contextual answer.
/// </summary>
internal static class IndexKillProbe
{
    public const string Name = "index-kill";
    public const string Target = "0 failed calls; contextual answers back <= 1 s after the index is ready";
    private const double RecoveryTarget = 1.0;

    public static async Task<ProbeResult> RunAsync(ServiceStack stack, IndexEndpoints index, ApiEndpoints api, FaultSuiteOptions options)
    {
        var quarter = options.ProbeSeconds / 4.0;
        await using var load = new SteadyLoad(api.GrpcUrl, options.Rate, stack.Tracks, ServiceStack.Listeners, options.Seed);
        var start = FaultClock.Now;
        load.Start();
        await Delay(quarter).ConfigureAwait(false);

        var killed = FaultClock.Now;
        await index.Process.KillAsync().ConfigureAwait(false);
        await Delay(quarter).ConfigureAwait(false);
        var restarted = FaultClock.Now;
        index.Process.Start();
        await stack.WaitReadyAsync(index.Process, index.HealthUrl).ConfigureAwait(false);
        var ready = FaultClock.Now;

        // The rest of the probe, and at least 5 s after readiness so a slow recovery is still seen.
        var end = Math.Max(start + options.ProbeSeconds, ready + 5);
        await Delay(end - FaultClock.Now).ConfigureAwait(false);
        var records = await load.StopAsync().ConfigureAwait(false);

        var failures = LoadWindow.FailuresByStatus(records);
        var outage = LoadWindow.Between(records, killed, ready);
        var firstContextual = records.Where(record => record.Started >= restarted && record.IsContextual).Select(record => (double?)record.Ended).FirstOrDefault();
        double? recovery = firstContextual is { } answered ? Math.Max(0, answered - ready) : null;
        var met = failures.Count == 0 && recovery is <= RecoveryTarget;
        var note = recovery is null ? "no contextual answer after the restart within the probe" : null;
        if (firstContextual is { } first && first < ready)
        {
            note = "a contextual answer came before /healthz reported ready; recovery counted as 0";
        }

        return new ProbeResult(Name, records.Count, failures, LoadWindow.FallbackShare(outage), recovery, null, Target,
            met ? ProbeVerdict.Met : ProbeVerdict.Missed, note, new Dictionary<string, double>
            {
                ["down_seconds"] = ready - killed,
                ["restart_to_ready_seconds"] = ready - restarted,
                ["outage_calls"] = outage.Count,
                ["outage_p99_ms"] = LoadWindow.P99Ms(outage) ?? double.NaN,
                ["fallback_share_before_kill"] = LoadWindow.FallbackShare(LoadWindow.Between(records, start, killed)) ?? double.NaN,
            });
    }

    internal static Task Delay(double seconds) => seconds <= 0 ? Task.CompletedTask : Task.Delay(TimeSpan.FromSeconds(seconds));

    internal static string Seconds(double seconds) => seconds.ToString("F2", CultureInfo.InvariantCulture);
}
