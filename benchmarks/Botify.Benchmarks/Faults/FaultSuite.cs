using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Botify.Benchmarks.Faults.Probes;

namespace Botify.Benchmarks.Faults;

/// <summary>
/// The fault suite: real service processes on loopback, each probe a fault under a steady
/// gRPC load, one table and <c>faults.json</c>. It measures; it does not judge the fix. See docs/operations/faults.md.
/// </summary>
internal static class FaultSuite
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    public static async Task<int> RunAsync(FaultSuiteOptions options)
    {
        var output = Directory.CreateDirectory(options.Output.FullName);
        var logs = Path.Combine(output.FullName, "logs");
        var results = new List<ProbeResult>();
        var started = DateTimeOffset.UtcNow;
        Console.WriteLine($"faults: {options.ProbeSeconds} s a probe at {options.Rate} calls/s, {options.FuzzRequests:N0} fuzz requests, {options.Tracks:N0} tracks; logs in {logs}");
        try
        {
            await using var stack = await ServiceStack.CreateAsync(options, logs).ConfigureAwait(false);
            var index = await stack.StartIndexAsync().ConfigureAwait(false);
            var api = await stack.StartApiAsync("api", index).ConfigureAwait(false);
            await RunProbeAsync(results, options, IndexKillProbe.Name, IndexKillProbe.Target, () => IndexKillProbe.RunAsync(stack, index, api, options)).ConfigureAwait(false);
            await RunProbeAsync(results, options, ReloadProbe.Name, ReloadProbe.Target, () => ReloadProbe.RunAsync(stack, index, api, options)).ConfigureAwait(false);
            await RunProbeAsync(results, options, RedisKillProbe.Name, RedisKillProbe.Target, () => RedisKillProbe.RunAsync(stack, index, options)).ConfigureAwait(false);
            await RunProbeAsync(results, options, ApiTerminateProbe.Name, ApiTerminateProbe.Target, () => ApiTerminateProbe.RunAsync(stack, index, options)).ConfigureAwait(false);
            await RunProbeAsync(results, options, StreamProbes.OutageName, StreamProbes.OutageTarget, () => StreamProbes.OutageAsync(stack, index, options)).ConfigureAwait(false);
            await RunProbeAsync(results, options, StreamProbes.TerminateName, StreamProbes.TerminateTarget, () => StreamProbes.TerminateAsync(stack, index, options)).ConfigureAwait(false);
            await RunProbesAsync(results, options, MemoryRestartProbe.Name, MemoryRestartProbe.Target, () => MemoryRestartProbe.RunAsync(stack, index, options)).ConfigureAwait(false);
            await RunProbeAsync(results, options, FuzzProbe.Name, FuzzProbe.Target, () => FuzzProbe.RunAsync(stack, index, api, options)).ConfigureAwait(false);
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException or FileNotFoundException or IOException)
        {
            Console.Error.WriteLine($"faults: could not start the services: {e.Message}");
            return 1;
        }

        FaultTable.Print(results);
        var report = new
        {
            Command = "faults " + string.Join(' ', Environment.GetCommandLineArgs().Skip(1).SkipWhile(argument => argument != "faults").Skip(1)),
            Started = started,
            Machine = new { Environment.ProcessorCount, Os = Environment.OSVersion.VersionString, Runtime = Environment.Version.ToString() },
            options.ProbeSeconds,
            options.Rate,
            options.FuzzRequests,
            options.Tracks,
            options.Seed,
            Probes = results,
        };
        var file = Path.Combine(output.FullName, "faults.json");
        await File.WriteAllTextAsync(file, JsonSerializer.Serialize(report, Json)).ConfigureAwait(false);
        Console.WriteLine($"wrote {file}");
        var missed = results.Count(result => result.Verdict is ProbeVerdict.Missed or ProbeVerdict.Error);
        if (missed > 0)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{missed} of {results.Count} probes missed their target{(options.Strict ? " (--strict: exit 1)" : string.Empty)}"));
        }

        return options.Strict && missed > 0 ? 1 : 0;
    }

    private static Task RunProbeAsync(List<ProbeResult> results, FaultSuiteOptions options, string name, string target, Func<Task<ProbeResult>> probe) =>
        RunProbesAsync(results, options, name, target, async () => [await probe().ConfigureAwait(false)]);

    /// <summary>Runs a probe that reports a row per variant; one error row when it cannot run to the end.</summary>
    private static async Task RunProbesAsync(List<ProbeResult> results, FaultSuiteOptions options, string name, string target, Func<Task<IReadOnlyList<ProbeResult>>> probe)
    {
        if (!options.Runs(name))
        {
            return;
        }

        Console.WriteLine($"probe {name} ...");
        try
        {
            results.AddRange(await probe().ConfigureAwait(false));
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException or IOException or Grpc.Core.RpcException or HttpRequestException or Botify.Shared.Events.Stream.EventStreamException)
        {
            results.Add(new ProbeResult(name, 0, new Dictionary<string, long>(), null, null, null, target, ProbeVerdict.Error, e.Message, new Dictionary<string, double>()));
        }
    }
}
