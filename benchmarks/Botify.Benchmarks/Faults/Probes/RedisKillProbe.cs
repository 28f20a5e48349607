using System.Globalization;

namespace Botify.Benchmarks.Faults.Probes;

/// <summary>
/// <c>kill -9</c> of Redis under load with the API on the Redis session store, then a restart on the same
/// port: failed calls over the probe and the p99 latency of the calls sent while Redis was down.
/// </summary>
internal static class RedisKillProbe
{
    public const string Name = "redis-kill";
    public const string Target = "0 failed calls; p99 <= 100 ms while Redis is down";
    private const double P99Target = 100;

    public static async Task<ProbeResult> RunAsync(ServiceStack stack, IndexEndpoints index, FaultSuiteOptions options)
    {
        var (redis, skipped) = await stack.StartRedisAsync().ConfigureAwait(false);
        if (redis is null)
        {
            return ProbeResult.Skipped(Name, Target, skipped!);
        }

        var api = await stack.StartApiAsync("api-redis", index, redis.Port).ConfigureAwait(false);
        var quarter = options.ProbeSeconds / 4.0;
        await using var load = new SteadyLoad(api.GrpcUrl, options.Rate, stack.Tracks, ServiceStack.Listeners, options.Seed + 2);
        var start = FaultClock.Now;
        load.Start();
        await IndexKillProbe.Delay(quarter).ConfigureAwait(false);

        var killed = FaultClock.Now;
        await redis.Process.KillAsync().ConfigureAwait(false);
        await IndexKillProbe.Delay(quarter).ConfigureAwait(false);
        redis.Process.Start();
        var up = await redis.WaitReadyAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false) ? FaultClock.Now : double.NaN;
        await IndexKillProbe.Delay(start + options.ProbeSeconds - FaultClock.Now).ConfigureAwait(false);
        var records = await load.StopAsync().ConfigureAwait(false);
        await api.Process.DisposeAsync().ConfigureAwait(false);

        var outage = LoadWindow.Between(records, killed, double.IsNaN(up) ? double.MaxValue : up);
        var p99 = LoadWindow.P99Ms(outage);
        var failures = LoadWindow.FailuresByStatus(records);
        var met = failures.Count == 0 && p99 is <= P99Target;
        return new ProbeResult(Name, records.Count, failures, LoadWindow.FallbackShare(outage), null, null, Target,
            met ? ProbeVerdict.Met : ProbeVerdict.Missed,
            (p99 is { } value ? string.Create(CultureInfo.InvariantCulture, $"p99 while down {value:F0} ms") : "no call while down") + (double.IsNaN(up) ? "; Redis did not come back" : string.Empty),
            new Dictionary<string, double>
            {
                ["down_seconds"] = (double.IsNaN(up) ? FaultClock.Now : up) - killed,
                ["outage_calls"] = outage.Count,
                ["outage_p99_ms"] = p99 ?? double.NaN,
                ["p99_ms_before_kill"] = LoadWindow.P99Ms(LoadWindow.Between(records, start, killed)) ?? double.NaN,
                ["p99_ms_after_restart"] = LoadWindow.P99Ms(LoadWindow.Between(records, double.IsNaN(up) ? double.MaxValue : up, double.MaxValue)) ?? double.NaN,
            });
    }
}
