using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
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

    public static async Task<int> RunAsync(int callers, int rate, TimeSpan duration, int tracks, FileInfo? output)
    {
        var folder = Directory.CreateTempSubdirectory("botify-api-bench-").FullName;
        try
        {
            var world = WorldGenerator.Generate(new WorldOptions { Tracks = tracks, Listeners = 10_000, Seed = 1 });
            world.Save(Path.Combine(folder, "world"));
            var bundle = Path.Combine(folder, "model");
            RandomModelGenerator.Generate(tracks, 10_000, 32, seed: 1).Save(bundle);

            await using var noop = await StartNoOpAsync();
            await using var index = await LocalService.StartIndexAsync([$"--Index:BundlePath={bundle}"], CancellationToken.None);
            await using var api = await LocalService.StartApiAsync(
            [
                $"--Api:CatalogPath={Path.Combine(folder, "world", "tracks.json")}",
                $"--Index:Address={index.GrpcAddress}",
                $"--EventLog:Folder={Path.Combine(folder, "events")}",
                "--Experiment:Name=BENCH",
                "--Experiment:Treatments:0:Name=T3",
                "--Experiment:Treatments:0:Recommender=ContextualUser",
                "--Experiment:Treatments:0:Fatigue:Threshold=0.7",
                "--Experiment:Treatments:0:Fatigue:ArtistsTimeout=1",
                "--Experiment:Treatments:0:Fatigue:TracksTimeout=30",
            ], CancellationToken.None);

            using var noopChannel = GrpcChannel.ForAddress(noop.Address);
            using var apiChannel = GrpcChannel.ForAddress(api.GrpcAddress);
            var noopClient = new Recommender.RecommenderClient(noopChannel);
            var apiClient = new Recommender.RecommenderClient(apiChannel);

            var warmUp = TimeSpan.FromSeconds(2);
            await LoadGenerator.ClosedLoopAsync("warm-up", noopClient, callers, warmUp);
            await LoadGenerator.ClosedLoopAsync("warm-up", apiClient, callers, warmUp);
            var results = new List<LoadResult>
            {
                await LoadGenerator.ClosedLoopAsync("no-op gRPC Recommender", noopClient, callers, duration),
                await LoadGenerator.ClosedLoopAsync("Botify.Api Next (T3: listener + fatigue)", apiClient, callers, duration),
                await LoadGenerator.OpenLoopAsync("Botify.Api Next (T3: listener + fatigue)", apiClient, rate, duration),
            };

            using var driver = new RemoteDriver(world, new RemoteDriverOptions { Target = noop.Address, Concurrency = callers, Seed = 7 });
            var driven = await driver.RunAsync(20_000);
            var driverCallsPerSecond = driven.Latency.RequestsPerSecond;

            Print(results, driverCallsPerSecond, driven.Latency.P99Ms);
            if (output is not null)
            {
                Directory.CreateDirectory(output.DirectoryName ?? ".");
                var json = new
                {
                    callers,
                    rate,
                    duration_seconds = duration.TotalSeconds,
                    throughput_ratio = results[1].CallsPerSecond / results[0].CallsPerSecond,
                    simulator_driver_calls_per_second = driverCallsPerSecond,
                    results = results.Select(r => new { target = r.Target, load = r.Load, calls = r.Calls, errors = r.Errors, calls_per_second = r.CallsPerSecond, p50_ms = r.P50Ms, p99_ms = r.P99Ms, max_ms = r.MaxMs }),
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

    private static void Print(List<LoadResult> results, double driverCallsPerSecond, double driverP99)
    {
        var table = new Table().Title("Next on loopback, client and servers on this host").AddColumns("target", "load", "calls/s", "p50 ms", "p99 ms", "max ms", "errors");
        foreach (var r in results)
        {
            table.AddRow(Markup.Escape(r.Target), Markup.Escape(r.Load), Invariant($"{r.CallsPerSecond:N0}"), Invariant($"{r.P50Ms:F2}"), Invariant($"{r.P99Ms:F2}"), Invariant($"{r.MaxMs:F2}"), Invariant($"{r.Errors}"));
        }

        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine(Invariant($"Botify.Api's most Next/s is [bold]{results[1].CallsPerSecond / results[0].CallsPerSecond:P0}[/] of the no-op server's."));
        AnsiConsole.MarkupLine(Invariant($"Botify.Sim's remote driver against the no-op server: [bold]{driverCallsPerSecond:N0}[/] calls/s (p99 {driverP99:F2} ms)."));
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
