using System.CommandLine;
using Botify.Benchmarks.Faults;

namespace Botify.Benchmarks.Commands;

/// <summary><c>faults</c>: the fault suite against real Botify.Index, Botify.Api and redis-server processes on loopback.</summary>
internal static class FaultsCommand
{
    public static Command Create()
    {
        var seconds = new Option<int>("--seconds") { Description = "Length of each probe under load (the index kill probe runs at least 5 s past the index's restart).", DefaultValueFactory = _ => 20 };
        var rate = new Option<int>("--rate") { Description = "Steady gRPC Next/Last calls per second during each probe.", DefaultValueFactory = _ => 300 };
        var fuzz = new Option<int>("--fuzz") { Description = "Requests the fuzz sends (valid ones and seeded mutations) across the API's gRPC and JSON and the index.", DefaultValueFactory = _ => 10_000 };
        var tracks = new Option<int>("--tracks") { Description = "Tracks in the generated catalog and model bundles.", DefaultValueFactory = _ => 5_000 };
        var seed = new Option<int>("--seed") { Description = "Seed of the fuzz's mutations and the load's listeners.", DefaultValueFactory = _ => 1 };
        var probes = new Option<string[]>("--probe") { Description = "Run only these probes (repeatable): index-kill, reload, redis-kill, api-sigterm, stream-outage, stream-sigterm, memory-restart, fuzz. Default all.", AllowMultipleArgumentsPerToken = true };
        var output = new Option<DirectoryInfo>("--out") { Description = "Folder for faults.json and the services' logs.", DefaultValueFactory = _ => new DirectoryInfo("faults-results") };
        var strict = new Option<bool>("--strict") { Description = "Exit 1 when a probe misses its target (default: report and exit 0)." };
        var command = new Command("faults", "Faults under load against real service processes on loopback: index kill -9 and restart, model Reload, Redis kill and restart, SIGTERM of the API, the listener memory across an API restart, and a fuzz of malformed gRPC and JSON requests. Prints one table and writes faults.json.")
        {
            seconds, rate, fuzz, tracks, seed, probes, output, strict,
        };
        command.SetAction((parse, _) =>
        {
            var options = new FaultSuiteOptions(
                parse.GetValue(seconds), parse.GetValue(rate), parse.GetValue(fuzz), parse.GetValue(tracks), parse.GetValue(seed),
                parse.GetValue(probes) ?? [], parse.GetValue(output)!, parse.GetValue(strict));
            var unknown = options.Probes.Except(FaultSuiteOptions.AllProbes, StringComparer.Ordinal).ToList();
            if (options.ProbeSeconds < 2 || options.Rate < 1 || options.FuzzRequests < 0 || options.Tracks < 100 || unknown.Count > 0)
            {
                Console.Error.WriteLine("faults: --seconds must be at least 2, --rate at least 1, --fuzz at least 0, --tracks at least 100, --probe one of "
                    + string.Join(", ", FaultSuiteOptions.AllProbes) + (unknown.Count > 0 ? " (unknown: " + string.Join(", ", unknown) + ")" : string.Empty));
                return Task.FromResult(2);
            }

            return FaultSuite.RunAsync(options);
        });
        return command;
    }
}
