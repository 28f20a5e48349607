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
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static async Task<int> RunAsync(int callers, int rate, TimeSpan duration, int tracks, bool allocations, bool indexHugePages, FileInfo? output)
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
            string[] apiSettings =
            [
                $"--Api:CatalogPath={Path.Combine(folder, "world", "tracks.json")}",
                $"--Index:Address={index.GrpcAddress}",
                "--Experiment:Name=BENCH",
                "--Experiment:Treatments:0:Name=T3",
                "--Experiment:Treatments:0:Recommender=ContextualUser",
                "--Experiment:Treatments:0:Fatigue:Threshold=0.7",
                "--Experiment:Treatments:0:Fatigue:ArtistsTimeout=1",
                "--Experiment:Treatments:0:Fatigue:TracksTimeout=30",
            ];
            await using var api = await LocalService.StartApiAsync([.. apiSettings, $"--EventLog:Folder={Path.Combine(folder, "events")}"], CancellationToken.None);
            // The same service with the index client's coalescing off: every search its own Search call.
            await using var unbatched = await LocalService.StartApiAsync(
                [.. apiSettings, $"--EventLog:Folder={Path.Combine(folder, "events-unbatched")}", "--Index:MaxBatchSize=1"], CancellationToken.None);

            using var noopChannel = GrpcChannel.ForAddress(noop.Address);
            using var apiChannel = GrpcChannel.ForAddress(api.GrpcAddress);
            using var unbatchedChannel = GrpcChannel.ForAddress(unbatched.GrpcAddress);
            var noopClient = new Recommender.RecommenderClient(noopChannel);
            var apiClient = new Recommender.RecommenderClient(apiChannel);
            var unbatchedClient = new Recommender.RecommenderClient(unbatchedChannel);

            log.Step("servers up; warming each target until the JIT is quiet");
            var loadAtStart = MachineInfo.LoadAverage();
            // Each target runs until the JIT is quiet before it is measured: these are steady-state figures.
            var least = TimeSpan.FromSeconds(2);
            var most = TimeSpan.FromSeconds(30);
            var warmUps = new List<double>();
            foreach (var client in new[] { noopClient, apiClient, unbatchedClient })
            {
                warmUps.Add((await LoadGenerator.WarmUpAsync(client, callers, tracks, least, most)).TotalSeconds);
            }

            const string target = "Botify.Api Next (T3: listener + fatigue)";
            const string noopTarget = "no-op gRPC Recommender";
            log.Step($"measuring the no-op server, closed loop, {callers} callers");
            var results = new List<LoadResult>
            {
                await LoadGenerator.ClosedLoopAsync(noopTarget, noopClient, callers, duration, tracks),
            };
            warmUps.Add((await LoadGenerator.WarmUpAsync(apiClient, callers, tracks, TimeSpan.Zero, most)).TotalSeconds);
            log.Step($"measuring Botify.Api Next, closed loop, {callers} callers");
            using (var sampler = allocations ? new AllocationSampler() : null)
            {
                results.Add(await LoadGenerator.ClosedLoopAsync(target, apiClient, callers, duration, tracks));
                if (sampler is not null)
                {
                    sampler.Recording = false;
                    PrintAllocations(sampler, results[^1].Calls);
                }
            }

            warmUps.Add((await LoadGenerator.WarmUpAsync(unbatchedClient, callers, tracks, TimeSpan.Zero, most)).TotalSeconds);
            log.Step("measuring Botify.Api Next with the index client's batching off, closed loop");
            results.Add(await LoadGenerator.ClosedLoopAsync(target + ", index batching off", unbatchedClient, callers, duration, tracks));
            warmUps.Add((await LoadGenerator.WarmUpAsync(apiClient, callers, tracks, TimeSpan.Zero, most)).TotalSeconds);
            log.Step($"measuring Botify.Api Next, open loop at {rate:N0}/s");
            var (openLoop, lateP99, lateMax) = await LoadGenerator.OpenLoopAsync(target, apiClient, rate, duration, tracks);
            results.Add(openLoop);
            // The host's own floor at that rate: the same pacer against the no-op server.
            log.Step($"measuring the no-op server, open loop at {rate:N0}/s");
            var (noopOpenLoop, _, _) = await LoadGenerator.OpenLoopAsync(noopTarget, noopClient, rate, duration, tracks);
            results.Add(noopOpenLoop);

            log.Step("measuring Botify.Sim's remote driver against the no-op server");
            using var driver = new RemoteDriver(world, new RemoteDriverOptions { Target = noop.Address, Concurrency = callers, Seed = 7 });
            var driven = await driver.RunAsync(20_000);
            var driverCallsPerSecond = driven.Latency.RequestsPerSecond;

            var loadAtEnd = MachineInfo.LoadAverage();
            Print(results, driverCallsPerSecond, driven.Latency.P99Ms, lateP99, lateMax, indexHugePages, loadAtStart, loadAtEnd);
            if (output is not null)
            {
                Directory.CreateDirectory(output.DirectoryName ?? ".");
                var json = new
                {
                    callers,
                    rate,
                    duration_seconds = duration.TotalSeconds,
                    cores = Environment.ProcessorCount,
                    gc = GCSettings.IsServerGC ? "server" : "workstation",
                    index_huge_pages = indexHugePages,
                    concurrent_gc = AppContext.TryGetSwitch("System.GC.Concurrent", out var concurrent) ? concurrent : (bool?)null,
                    load_average_start = loadAtStart,
                    load_average_end = loadAtEnd,
                    warm_up_seconds = warmUps,
                    throughput_ratio = results[1].CallsPerSecond / results[0].CallsPerSecond,
                    unbatched_throughput_ratio = results[2].CallsPerSecond / results[0].CallsPerSecond,
                    simulator_driver_calls_per_second = driverCallsPerSecond,
                    open_loop_send_lateness_p99_ms = lateP99,
                    open_loop_send_lateness_max_ms = lateMax,
                    open_loop_p99_ms = results[3].P99Ms,
                    noop_open_loop_p99_ms = results[4].P99Ms,
                    results = results.Select(r => new
                    {
                        target = r.Target,
                        load = r.Load,
                        calls = r.Calls,
                        errors = r.Errors,
                        calls_per_second = r.CallsPerSecond,
                        p50_ms = r.P50Ms,
                        p99_ms = r.P99Ms,
                        max_ms = r.MaxMs,
                        cpu_us_per_call = r.CpuMicrosecondsPerCall,
                        allocated_bytes_per_call = r.AllocatedBytesPerCall,
                        gc_gen0 = r.Cost.Gen0,
                        gc_gen1 = r.Cost.Gen1,
                        gc_gen2 = r.Cost.Gen2,
                        gc_pause_ms = r.Cost.GcPause.TotalMilliseconds,
                        jit_methods = r.Cost.JitMethods,
                        jit_ms = r.Cost.JitTime.TotalMilliseconds,
                    }),
                };
                File.WriteAllText(output.FullName, JsonSerializer.Serialize(json, Indented));
                AnsiConsole.MarkupLineInterpolated($"wrote {output.FullName}");
            }

            return 0;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static void Print(List<LoadResult> results, double driverCallsPerSecond, double driverP99, double lateP99, double lateMax, bool indexHugePages, double? loadAtStart, double? loadAtEnd)
    {
        var table = new Table().Title("Next on loopback, client and servers on this host").AddColumns("target", "load", "calls/s", "p50 ms", "p99 ms", "max ms", "errors");
        var cost = new Table().Title("What each phase cost the process (client, servers and GC together)").AddColumns("target", "load", "CPU µs/call", "bytes/call", "GCs 0/1/2", "GC pause ms", "JIT methods (ms)");
        foreach (var r in results)
        {
            table.AddRow(Markup.Escape(r.Target), Markup.Escape(r.Load), Invariant($"{r.CallsPerSecond:N0}"), Invariant($"{r.P50Ms:F2}"), Invariant($"{r.P99Ms:F2}"), Invariant($"{r.MaxMs:F2}"), Invariant($"{r.Errors}"));
            cost.AddRow(Markup.Escape(r.Target), Markup.Escape(r.Load), Invariant($"{r.CpuMicrosecondsPerCall:F0}"), Invariant($"{r.AllocatedBytesPerCall:N0}"), Invariant($"{r.Cost.Gen0}/{r.Cost.Gen1}/{r.Cost.Gen2}"), Invariant($"{r.Cost.GcPause.TotalMilliseconds:F1}"), Invariant($"{r.Cost.JitMethods} ({r.Cost.JitTime.TotalMilliseconds:F0})"));
        }

        AnsiConsole.Write(table);
        AnsiConsole.Write(cost);
        AnsiConsole.MarkupLine(Invariant(
            $"Closed loop, same run: no-op server [bold]{results[0].CallsPerSecond:N0}[/] calls/s, Botify.Api [bold]{results[1].CallsPerSecond:N0}[/] Next/s: Botify.Api's most Next/s is [bold]{results[1].CallsPerSecond / results[0].CallsPerSecond:P0}[/] of the no-op server's."));
        AnsiConsole.MarkupLine(Invariant($"With the index client's batching off (Index:MaxBatchSize=1): {results[2].CallsPerSecond:N0} Next/s, {results[2].CallsPerSecond / results[0].CallsPerSecond:P0} of the no-op server's."));
        AnsiConsole.MarkupLine(Invariant($"Open loop: calls left the generator at most {lateMax:F2} ms after their intended send time (p99 {lateP99:F2} ms); latencies count from that time."));
        AnsiConsole.MarkupLine(Invariant($"Open loop at the same rate: Botify.Api p99 [bold]{results[3].P99Ms:F2}[/] ms, the no-op server p99 {results[4].P99Ms:F2} ms (what this host adds to any call at that rate)."));
        AnsiConsole.MarkupLine(Invariant($"GC: {(GCSettings.IsServerGC ? "server" : "workstation")}, {Environment.ProcessorCount} cores; the index's graph on {(indexHugePages ? "2 MB" : "4 KB")} pages; load average {loadAtStart:F1} at the start, {loadAtEnd:F1} at the end."));
        AnsiConsole.MarkupLine(Invariant($"Botify.Sim's remote driver against the no-op server: [bold]{driverCallsPerSecond:N0}[/] calls/s (p99 {driverP99:F2} ms)."));
    }

    private static void PrintAllocations(AllocationSampler sampler, long calls)
    {
        var table = new Table().Title("What Botify.Api's closed loop allocated (sampled every ~100 KB), bytes per call").AddColumns("type", "bytes/call");
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
