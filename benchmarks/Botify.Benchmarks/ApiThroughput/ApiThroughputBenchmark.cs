using System.Net;
using Botify.Benchmarks.EventStream;
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
/// Recommender on the same host in the same run: the most each answers (closed loop), the control C
/// on the file sink and on the JetStream sink side by side (what publishing events costs), the API's
/// latency at a fixed rate (open loop), and how many calls the simulator's remote driver sustains
/// against the no-op server (is the load generator the bottleneck?).
/// </summary>
internal static partial class ApiThroughputBenchmark
{
    public const string NoOpTarget = "no-op gRPC Recommender";
    public const string ControlTarget = "Botify.Api Next (C: seminar control)";
    public const string ListenerTarget = "Botify.Api Next (T3: listener + fatigue)";
    public const string SessionTarget = "Botify.Api Next (T4: session)";
    public const string MemoryTarget = "Botify.Api Next (T6: memory)";
    public const string JetStreamTarget = ControlTarget + ", JetStream sink";
    public const string JetStreamUnpackedTarget = JetStreamTarget + ", one event per message";

    /// <summary>
    /// How the memory arm's listeners play (<see cref="SessionPlan"/>): four first tracks each, the tracks after
    /// the first reported heard 0.8 (liked: at least the 0.7 threshold).
    /// </summary>
    public static readonly SessionPlan MemoryPlan = new(StartsPerListener: 4, Share: 0.8f);

    /// <summary>Complete sessions played from each of a memory-arm listener's first tracks before its timed phase.</summary>
    public const int MemoryPrimingRounds = 2;

    public static async Task<int> RunAsync(ApiRunSettings settings)
    {
        var (callers, tracks) = (settings.Callers, settings.Tracks);
        var log = new RunLog();
        var folder = Directory.CreateTempSubdirectory("botify-api-bench-").FullName;
        try
        {
            var world = WorldGenerator.Generate(new WorldOptions { Tracks = tracks, Listeners = 10_000, Seed = 1 });
            world.Save(Path.Combine(folder, "world"));
            var bundle = Path.Combine(folder, "model");
            RandomModelGenerator.Generate(tracks, 10_000, 32, seed: 1).Save(bundle);

            await using var noop = await StartNoOpAsync();
            await using var index = await LocalService.StartIndexAsync([$"--Index:BundlePath={bundle}", $"--Index:HugePages={settings.IndexHugePages}"], CancellationToken.None);
            var (nats, natsSkipped) = await LocalNatsServer.StartAsync();
            using var natsServer = nats;
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
            // The listener's memory first (in this process, written on each Last), the session's taste when it has
            // nothing to serve: T4's settings with Recommender=Memory. Its listeners are primed before its phase.
            string[] memory =
            [
                .. common,
                "--Experiment:Treatments:0:Name=T6",
                "--Experiment:Treatments:0:Recommender=Memory",
                "--Experiment:Treatments:0:PickTop=20",
                "--Experiment:Treatments:0:FreshArtists=true",
                "--Experiment:Treatments:0:K=100",
            ];
            var apis = new List<(string Name, LocalService Service)>();
            try
            {
                apis.Add((ControlTarget, await LocalService.StartApiAsync([.. control, Events(folder, 0)], JsonFrontDoor.MapNoOp, CancellationToken.None)));
                if (!settings.SinksOnly)
                {
                    apis.Add((ControlTarget + ", cache off", await LocalService.StartApiAsync([.. control, Events(folder, 1), "--CandidateCache:Enabled=false"], CancellationToken.None)));
                    apis.Add((ListenerTarget, await LocalService.StartApiAsync([.. listener, Events(folder, 2)], CancellationToken.None)));
                    // The index client's coalescing off: every search its own Search call.
                    apis.Add((ListenerTarget + ", index batching off", await LocalService.StartApiAsync([.. listener, Events(folder, 3), "--Index:MaxBatchSize=1"], CancellationToken.None)));
                    apis.Add((SessionTarget, await LocalService.StartApiAsync([.. session, Events(folder, 4)], CancellationToken.None)));
                    apis.Add((MemoryTarget, await LocalService.StartApiAsync([.. memory, Events(folder, 5)], CancellationToken.None)));
                }

                if (nats is not null)
                {
                    // Last in the list, so the JSON phases below keep C and C without the cache at 0 and 1.
                    string[] jetStream = [.. control, "--EventLog:Sink=JetStream", $"--EventLog:JetStream:Url={nats.Url}"];
                    apis.Add((JetStreamTarget, await LocalService.StartApiAsync(jetStream, CancellationToken.None)));
                    if (settings.SinksOnly)
                    {
                        // What packing events into messages buys: the same sink storing one message per event.
                        apis.Add((JetStreamUnpackedTarget, await LocalService.StartApiAsync([.. jetStream, "--EventLog:JetStream:EventsPerMessage=1"], CancellationToken.None)));
                    }
                }

                var results = await MeasureGrpcAsync(noop, apis, nats, settings, log);
                results.JetStreamSkipped = natsSkipped;

                List<JsonRow> jsonRows = [];
                var json = settings.Json && !settings.SinksOnly;
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
                    jsonRows = await JsonFrontDoor.RunAsync(wrk, apis[0].Service.HttpAddress, apis[1].Service.HttpAddress, settings.Duration, tracks, settings.Allocations, log);
                }

                if (!settings.SinksOnly)
                {
                    log.Step("measuring Botify.Sim's remote driver against the no-op server");
                    using var driver = new RemoteDriver(world, new RemoteDriverOptions { Target = noop.Address, Concurrency = callers, Seed = 7 });
                    var driven = await driver.RunAsync(20_000);
                    results.DriverCallsPerSecond = driven.Latency.RequestsPerSecond;
                    results.DriverP99Ms = driven.Latency.P99Ms;
                }

                results.LoadAtEnd = MachineInfo.LoadAverage();
                Print(results, settings);
                JsonFrontDoor.Print(jsonRows, settings.SinksOnly ? "--sinks-only" : json ? wrk is null ? "wrk is not on PATH (Debian: apt-get install wrk)" : null : "--json off");
                if (settings.Output is { } output)
                {
                    ApiBenchmarkReport.Write(output, settings, results, jsonRows);
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
    /// the phase: C on files and C on JetStream alternately for the rounds asked, then the others; then (unless
    /// only the sinks run) the control API and the no-op server open loop at the rate asked. The memory arm is
    /// warmed and measured with its <see cref="MemoryPlan"/>, and its listeners primed just before its phase.
    /// </summary>
    private static async Task<GrpcResults> MeasureGrpcAsync(NoOpServer noop, List<(string Name, LocalService Service)> apis, LocalNatsServer? nats, ApiRunSettings settings, RunLog log)
    {
        var (callers, tracks, duration) = (settings.Callers, settings.Tracks, settings.Duration);
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
            SessionPlan?[] plans = [null, .. apis.Select(a => PlanFor(a.Name))];
            for (var i = 0; i < clients.Length; i++)
            {
                results.WarmUps.Add((await LoadGenerator.WarmUpAsync(clients[i], callers, tracks, least, most, plans[i])).TotalSeconds);
            }

            log.Step($"measuring {NoOpTarget}, closed loop, {callers} callers");
            results.Rows.Add(new GrpcRow(await LoadGenerator.ClosedLoopAsync(NoOpTarget, clients[0], callers, duration, tracks), PhaseCounters.None));
            var sampled = false;
            foreach (var api in Schedule(apis, settings.Rounds))
            {
                var (name, service) = apis[api];
                var client = clients[api + 1];
                var plan = plans[api + 1];
                // Warm again: the phases before cooled this target's caches and connection.
                results.WarmUps.Add((await LoadGenerator.WarmUpAsync(client, callers, tracks, TimeSpan.Zero, most, plan)).TotalSeconds);
                if (plan is not null)
                {
                    log.Step($"priming {name}: {MemoryPrimingRounds * plan.StartsPerListener} complete sessions for each of {callers} listeners, from the first tracks its timed sessions start with");
                    results.Primed[name] = await LoadGenerator.PrimeAsync(client, callers, tracks, plan, MemoryPrimingRounds);
                }

                log.Step($"measuring {name}, closed loop, {callers} callers");
                // The warm-up's events stored first, so the phase's sink works only on the phase's own.
                var (before, _) = await SinkCounters.DrainAsync(http, service.HttpAddress);
                var jetStream = name.StartsWith(JetStreamTarget, StringComparison.Ordinal);
                var serverCpu = jetStream ? nats?.Cpu : null;
                using var sampler = settings.Allocations && !sampled && name == ControlTarget ? new AllocationSampler() : null;
                var result = await LoadGenerator.ClosedLoopAsync(name, client, callers, duration, tracks, plan);
                var atEnd = await ApiCounters.ReadAsync(http, service.HttpAddress);
                if (sampler is not null)
                {
                    sampler.Recording = false;
                    sampled = true;
                    PrintAllocations(sampler, result.Calls);
                }

                var (drained, drainSeconds) = await SinkCounters.DrainAsync(http, service.HttpAddress);
                var sink = SinkCounters.Between(jetStream ? "JetStream" : "files", before, atEnd, drained, drainSeconds, jetStream ? nats!.Cpu - serverCpu : null);
                results.Rows.Add(new GrpcRow(result, PhaseCounters.Between(before, atEnd), sink));
            }

            if (!settings.SinksOnly)
            {
                log.Step($"measuring {ControlTarget}, open loop at {settings.Rate:N0}/s");
                var (openLoop, lateP99, lateMax) = await LoadGenerator.OpenLoopAsync(ControlTarget, clients[1], settings.Rate, duration, tracks);
                log.Step($"measuring the no-op server, open loop at {settings.Rate:N0}/s");
                var (noopOpenLoop, _, _) = await LoadGenerator.OpenLoopAsync(NoOpTarget, clients[0], settings.Rate, duration, tracks);
                results.Rows.Add(new GrpcRow(openLoop, PhaseCounters.None));
                results.Rows.Add(new GrpcRow(noopOpenLoop, PhaseCounters.None));
                (results.LateP99Ms, results.LateMaxMs) = (lateP99, lateMax);
            }

            return results;
        }
        finally
        {
            channels.ForEach(c => c.Dispose());
        }
    }

    /// <summary>
    /// The APIs in the order measured: C on files and C on JetStream adjacent in time, round after round (on a shared
    /// host the load drifts over a run, and alternating spreads that drift over both), then every other API once.
    /// </summary>
    private static List<int> Schedule(List<(string Name, LocalService Service)> apis, int rounds)
    {
        var control = apis.FindIndex(a => a.Name == ControlTarget);
        int[] sinks = [control, .. new[] { JetStreamTarget, JetStreamUnpackedTarget }.Select(name => apis.FindIndex(a => a.Name == name)).Where(i => i >= 0)];
        var order = new List<int>();
        for (var round = 0; round < rounds; round++)
        {
            order.AddRange(sinks);
        }

        order.AddRange(Enumerable.Range(0, apis.Count).Where(i => !sinks.Contains(i)));
        return order;
    }

    /// <summary>The memory arm plays <see cref="MemoryPlan"/>; every other target the closed loop's own sessions (null).</summary>
    private static SessionPlan? PlanFor(string target) => target == MemoryTarget ? MemoryPlan : null;

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
}
