using Botify.Benchmarks.Faults.Fuzz;
using Grpc.Core;
using Grpc.Net.Client;

namespace Botify.Benchmarks.Faults.Probes;

/// <summary><c>Reload</c> of a second model bundle under load: the fallback share from the call until half a second after it returns.</summary>
internal static class ReloadProbe
{
    public const string Name = "reload";
    public const string Target = "<= 1 % fallback during the reload";
    private const double FallbackTarget = 0.01;
    private const double Tail = 0.5;

    public static async Task<ProbeResult> RunAsync(ServiceStack stack, IndexEndpoints index, ApiEndpoints api, FaultSuiteOptions options)
    {
        using var channel = GrpcChannel.ForAddress(index.GrpcUrl);
        await using var load = new SteadyLoad(api.GrpcUrl, options.Rate, stack.Tracks, ServiceStack.Listeners, options.Seed + 1);
        var start = FaultClock.Now;
        load.Start();
        await IndexKillProbe.Delay(options.ProbeSeconds * 0.3).ConfigureAwait(false);

        var called = FaultClock.Now;
        string? refused = null;
        try
        {
            await IndexWire.CallAsync(channel.CreateCallInvoker(), "Reload", IndexWire.Reload(stack.BundleB), TimeSpan.FromMinutes(2)).ConfigureAwait(false);
        }
        catch (RpcException e)
        {
            refused = $"Reload failed: {e.StatusCode} {e.Status.Detail}";
        }

        var returned = FaultClock.Now;
        await IndexKillProbe.Delay(Math.Max(start + options.ProbeSeconds, returned + Tail + 1) - FaultClock.Now).ConfigureAwait(false);
        var records = await load.StopAsync().ConfigureAwait(false);

        var window = LoadWindow.Between(records, called, returned + Tail);
        var share = LoadWindow.FallbackShare(window);
        var failures = LoadWindow.FailuresByStatus(records);
        var met = refused is null && share is <= FallbackTarget;
        return new ProbeResult(Name, records.Count, failures, share, null, null, Target, met ? ProbeVerdict.Met : ProbeVerdict.Missed, refused,
            new Dictionary<string, double>
            {
                ["reload_seconds"] = returned - called,
                ["window_calls"] = window.Count,
                ["window_p99_ms"] = LoadWindow.P99Ms(window) ?? double.NaN,
                ["fallback_share_before_reload"] = LoadWindow.FallbackShare(LoadWindow.Between(records, start, called)) ?? double.NaN,
                ["fallback_share_after_reload"] = LoadWindow.FallbackShare(LoadWindow.Between(records, returned + Tail, double.MaxValue)) ?? double.NaN,
            });
    }
}
