using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime;
using System.Text.Json;
using Botify.Benchmarks.IndexComparison;
using Botify.Benchmarks.IndexComparison.Reporting;
using Botify.Lab.Loop;
using Botify.Protos.V1;
using Botify.Shared.Hosting;
using Botify.Shared.Models;
using Botify.Sim.Remote;
using Botify.Sim.Worlds;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace Botify.Benchmarks.ApiThroughput;

/// <summary>
/// <c>Next</c> through the whole service (API → index → fatigue → reply) against a no-op gRPC
/// Recommender on the same host in the same run: the most each answers (closed loop), the API's
/// latency at a fixed rate (open loop), and how many calls the simulator's remote driver sustains
/// against the no-op server (is the load generator the bottleneck?).
/// </summary>
internal static class ApiThroughputBenchmark
{
    public const string NoOpTarget = "no-op gRPC Recommender";
    public const string ControlTarget = "Botify.Api Next (C: seminar control)";
    public const string ListenerTarget = "Botify.Api Next (T3: listener + fatigue)";
    public const string SessionTarget = "Botify.Api Next (T4: session)";

    public static async Task<int> RunAsync(int callers, int rate, TimeSpan duration, int tracks, bool allocations, bool indexHugePages, bool json, FileInfo? output)
    {
        var log = new RunLog();
        var folder = Directory.CreateTempSubdirectory("botify-api-bench-").FullName;
        try
        {
            var world = WorldGenerator.Generate(new WorldOptions { Tracks = tracks, Listeners = 10_000, Seed = 1 });
            world.Save(Path.Combine(folder, "world"));
            var bundle = Path.Combine(folder, "model");
            RandomModelGenerator.Generate(tracks, 10_000, 32, seed: 1).Save(bundle);

            await using var noop = await StartNoOpAsync();
            await using var index = await LocalService.StartIndexAsync([$"--Index:BundlePath={bundle}", $"--Index:HugePages={indexHugePages}"], CancellationToken.None);
            string[] common = [$"--Api:CatalogPath={Path.Combine(folder, "world", "tracks.json")}", $"--Index:Address={index.GrpcAddress}", "--Experiment:Name=BENCH"];
            // The course seminar's control: top-100 of the previous track, no filters; its answers depend on the context alone, so they are cached.
            string[] control = [.. common, "--Experiment:Treatments:0:Name=C", "--Experiment:Treatments:0:Recommender=Contextual"];
            // The listener's vector joins the query: nothing to cache, every call searches.
            string[] listener =
            [
                .. common,
                "--Experiment:Treatments:0:Name=T3",
                "--Experiment:Treatments:0:Recommender=ContextualUser",
                "--Experiment:Treatments:0:Fatigue:Threshold=0.7",
                "--Experiment:Treatments:0:Fatigue:ArtistsTimeout=1",
                "--Experiment:Treatments:0:Fatigue:TracksTimeout=30",
            ];
            // The session's taste is the query (the main job's best arm): nothing to cache either.
            string[] session =
            [
                .. common,
                "--Experiment:Treatments:0:Name=T4",
                "--Experiment:Treatments:0:Recommender=Session",
                "--Experiment:Treatments:0:PickTop=20",
                "--Experiment:Treatments:0:FreshArtists=true",
            ];
            var apis = new List<(string Name, LocalService Service)>();
            try
            {
                apis.Add((ControlTarget, await LocalService.StartApiAsync([.. control, Events(folder, 0)], JsonFrontDoor.MapNoOp, CancellationToken.None)));
                apis.Add((ControlTarget + ", cache off", await LocalService.StartApiAsync([.. control, Events(folder, 1), "--CandidateCache:Enabled=false"], CancellationToken.None)));
                apis.Add((ListenerTarget, await LocalService.StartApiAsync([.. listener, Events(folder, 2)], CancellationToken.None)));
                // The index client's coalescing off: every search its own Search call.
                apis.Add((ListenerTarget + ", index batching off", await LocalService.StartApiAsync([.. listener, Events(folder, 3), "--Index:MaxBatchSize=1"], CancellationToken.None)));
                apis.Add((SessionTarget, await LocalService.StartApiAsync([.. session, Events(folder, 4)], CancellationToken.None)));
                var results = await MeasureGrpcAsync(noop, apis, callers, rate, duration, tracks, allocations, log);

                List<JsonRow> jsonRows = [];
                var wrk = json ? WrkLoad.Find() : null;
                if (wrk is not null)
                {
                    // Only the two APIs the JSON phases drive stay up, on a compacted heap: the others' memory
                    // would otherwise lengthen every collection this process makes under wrk.
                    foreach (var (_, service) in apis.Skip(2))
                    {
                        await service.DisposeAsync();
                    }

                    apis.RemoveRange(2, apis.Count - 2);
                    GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
                    jsonRows = await JsonFrontDoor.RunAsync(wrk, apis[0].Service.HttpAddress, apis[1].Service.HttpAddress, duration, tracks, allocations, log);
                }

                log.Step("measuring Botify.Sim's remote driver against the no-op server");
                using var driver = new RemoteDriver(world, new RemoteDriverOptions { Target = noop.Address, Concurrency = callers, Seed = 7 });
                var driven = await driver.RunAsync(20_000);
                results.DriverCallsPerSecond = driven.Latency.RequestsPerSecond;
                results.DriverP99Ms = driven.Latency.P99Ms;
                results.LoadAtEnd = MachineInfo.LoadAverage();

                Print(results, indexHugePages);
                JsonFrontDoor.Print(jsonRows, json ? wrk is null ? "wrk is not on PATH (Debian: apt-get install wrk)" : null : "--json off");
                if (output is not null)
                {
                    ApiBenchmarkReport.Write(output, callers, rate, duration, indexHugePages, results, jsonRows);
                    AnsiConsole.MarkupLineInterpolated($"wrote {output.FullName}");
                }
            }
            finally
            {
                foreach (var (_, service) in apis)
                {
                    await service.DisposeAsync();
                }
            }

            return 0;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static string Events(string folder, int api) => $"--EventLog:Folder={Path.Combine(folder, $"events-{api}")}";

    /// <summary>
    /// Each target warmed until the JIT is quiet, then measured closed loop with the API's counters read around
    /// the phase; then the control API and the no-op server open loop at <paramref name="rate"/>.
    /// </summary>
    private static async Task<GrpcResults> MeasureGrpcAsync(NoOpServer noop, List<(string Name, LocalService Service)> apis, int callers, int rate, TimeSpan duration, int tracks, bool allocations, RunLog log)
    {
        using var http = new HttpClient();
        var channels = new List<GrpcChannel> { GrpcChannel.ForAddress(noop.Address) };
        channels.AddRange(apis.Select(a => GrpcChannel.ForAddress(a.Service.GrpcAddress)));
        try
        {
            var clients = channels.Select(c => new Recommender.RecommenderClient(c)).ToArray();
            var results = new GrpcResults { LoadAtStart = MachineInfo.LoadAverage() };
            log.Step("servers up; warming each target until the JIT is quiet");
            var least = TimeSpan.FromSeconds(2);
            var most = TimeSpan.FromSeconds(30);
            foreach (var client in clients)
            {
                results.WarmUps.Add((await LoadGenerator.WarmUpAsync(client, callers, tracks, least, most)).TotalSeconds);
            }

            for (var i = 0; i < clients.Length; i++)
            {
                var name = i == 0 ? NoOpTarget : apis[i - 1].Name;
                if (i > 0)
                {
                    // Warm again: the phases before cooled this target's caches and connection.
                    results.WarmUps.Add((await LoadGenerator.WarmUpAsync(clients[i], callers, tracks, TimeSpan.Zero, most)).TotalSeconds);
                }

                log.Step($"measuring {name}, closed loop, {callers} callers");
                var before = i == 0 ? null : await ApiCounters.ReadAsync(http, apis[i - 1].Service.HttpAddress);
                using var sampler = allocations && i == 1 ? new AllocationSampler() : null;
                var result = await LoadGenerator.ClosedLoopAsync(name, clients[i], callers, duration, tracks);
                if (sampler is not null)
                {
                    sampler.Recording = false;
                    PrintAllocations(sampler, result.Calls);
                }

                var served = before is null ? PhaseCounters.None : PhaseCounters.Between(before, await ApiCounters.ReadAsync(http, apis[i - 1].Service.HttpAddress));
                results.Rows.Add((result, served));
            }

            log.Step($"measuring {ControlTarget}, open loop at {rate:N0}/s");
            var (openLoop, lateP99, lateMax) = await LoadGenerator.OpenLoopAsync(ControlTarget, clients[1], rate, duration, tracks);
            log.Step($"measuring the no-op server, open loop at {rate:N0}/s");
            var (noopOpenLoop, _, _) = await LoadGenerator.OpenLoopAsync(NoOpTarget, clients[0], rate, duration, tracks);
            results.Rows.Add((openLoop, PhaseCounters.None));
            results.Rows.Add((noopOpenLoop, PhaseCounters.None));
            (results.LateP99Ms, results.LateMaxMs) = (lateP99, lateMax);
            return results;
        }
        finally
        {
            channels.ForEach(c => c.Dispose());
        }
    }

    private static void Print(GrpcResults results, bool indexHugePages)
    {
        var rows = results.Rows;
        var table = new Table().Title("Next on loopback, client and servers on this host").AddColumns("target", "load", "calls/s", "÷ no-op", "p50 ms", "p99 ms", "max ms", "errors", "fallback", "cache hits");
        var cost = new Table().Title("What each phase cost the process (client, servers and GC together)").AddColumns("target", "load", "CPU µs/call", "bytes/call", "GCs 0/1/2", "GC pause ms", "JIT methods (ms)");
        foreach (var (r, served) in rows)
        {
            var reference = r.Load.StartsWith("open", StringComparison.Ordinal) ? rows[^1].Result : rows[0].Result;
            table.AddRow(
                Markup.Escape(r.Target),
                Markup.Escape(r.Load),
                Invariant($"{r.CallsPerSecond:N0}"),
                Invariant($"{r.CallsPerSecond / reference.CallsPerSecond:F2}"),
                Invariant($"{r.P50Ms:F2}"),
                Invariant($"{r.P99Ms:F2}"),
                Invariant($"{r.MaxMs:F2}"),
                Invariant($"{r.Errors}"),
                Markup.Escape(served.Recommendations > 0 ? served.DescribeFallbacks() : "-"),
                served.CacheHits + served.CacheMisses > 0 ? Invariant($"{served.CacheHitShare:P1}") : "-");
            cost.AddRow(Markup.Escape(r.Target), Markup.Escape(r.Load), Invariant($"{r.CpuMicrosecondsPerCall:F0}"), Invariant($"{r.AllocatedBytesPerCall:N0}"), Invariant($"{r.Cost.Gen0}/{r.Cost.Gen1}/{r.Cost.Gen2}"), Invariant($"{r.Cost.GcPause.TotalMilliseconds:F1}"), Invariant($"{r.Cost.JitMethods} ({r.Cost.JitTime.TotalMilliseconds:F0})"));
        }

        AnsiConsole.Write(table);
        AnsiConsole.Write(cost);
        AnsiConsole.MarkupLine(Invariant(
            $"Closed loop, same run: the seminar's control C (cached) answers [bold]{results.ControlRatio:F2}[/] of the no-op server's calls/s; without the cache {results.Ratio(2):F2}; T3 (listener vector, never cached) {results.Ratio(3):F2}, and {results.Ratio(4):F2} with the index client's batching off; T4 (session query, never cached) {results.Ratio(5):F2}."));
        AnsiConsole.MarkupLine(Invariant($"Open loop: calls left the generator at most {results.LateMaxMs:F2} ms after their intended send time (p99 {results.LateP99Ms:F2} ms); latencies count from that time."));
        AnsiConsole.MarkupLine(Invariant($"Open loop at the same rate: C p99 [bold]{rows[^2].Result.P99Ms:F2}[/] ms, the no-op server p99 {rows[^1].Result.P99Ms:F2} ms (what this host adds to any call at that rate)."));
        AnsiConsole.MarkupLine(Invariant($"GC: {(GCSettings.IsServerGC ? "server" : "workstation")}, {Environment.ProcessorCount} cores; the index's graph on {(indexHugePages ? "2 MB" : "4 KB")} pages; load average {results.LoadAtStart:F1} at the start, {results.LoadAtEnd:F1} at the end."));
        AnsiConsole.MarkupLine(Invariant($"Botify.Sim's remote driver against the no-op server: [bold]{results.DriverCallsPerSecond:N0}[/] calls/s (p99 {results.DriverP99Ms:F2} ms)."));
    }

    internal static void PrintAllocations(AllocationSampler sampler, long calls, string what = "Botify.Api's closed loop")
    {
        var table = new Table().Title($"What {what} allocated (sampled every ~100 KB), bytes per call").AddColumns("type", "bytes/call");
        foreach (var (type, bytes) in sampler.Top(25))
        {
            table.AddRow(Markup.Escape(type), Invariant($"{bytes / (double)Math.Max(1, calls):N0}"));
        }

        AnsiConsole.Write(table);
    }

    private static async Task<NoOpServer> StartNoOpAsync()
    {
        var port = LoopbackPort.Free();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port, listen => listen.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc();
        var app = builder.Build();
        app.MapGrpcService<NoOpRecommender>();
        await app.StartAsync();
        return new NoOpServer(app, new Uri($"http://127.0.0.1:{port}"));
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
