using System.Text.Json;
using Botify.Benchmarks.IndexComparison;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Spectre.Console;

namespace Botify.Benchmarks.ApiThroughput;

/// <summary>
/// The course's JSON front door (<c>POST /next/{user}</c>) under wrk, beside a no-op JSON endpoint on the same
/// Kestrel server, then at rising concurrency with each level's fallback share by reason and candidate-cache hits.
/// </summary>
internal static class JsonFrontDoor
{
    public const string NoOpPath = "/noop/next/";

    /// <summary>Concurrency levels of the overload sweep (connections; two wrk threads).</summary>
    public static readonly int[] Levels = [8, 32, 128];

    /// <summary>
    /// The no-op reference: reads and parses the body as <c>/next</c> does and answers a reply of the same shape
    /// (the next track id), so the two differ only by Botify's work.
    /// </summary>
    public static void MapNoOp(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapPost(NoOpPath + "{user}", static async (int user, HttpRequest request) =>
        {
            using var body = await JsonDocument.ParseAsync(request.Body, cancellationToken: request.HttpContext.RequestAborted);
            var track = body.RootElement.GetProperty("track").GetInt32();
            return Results.Text($$"""{"user":{{user}},"track":{{track + 1}}}""", "application/json");
        });
    }

    /// <summary>The JSON table, or one line saying why the JSON phases did not run (<paramref name="skipped"/>).</summary>
    public static void Print(List<JsonRow> rows, string? skipped)
    {
        if (skipped is not null || rows.Count == 0)
        {
            AnsiConsole.MarkupLineInterpolated($"JSON front door: [yellow]not measured[/]: {skipped ?? "no rows"}.");
            return;
        }

        var noop = rows[0].Load;
        var table = new Table().Title("The course's JSON API under wrk (HTTP/1.1, two threads), same Kestrel, same run").AddColumns("target", "load", "req/s", "÷ no-op", "p50 ms", "p99 ms", "non-2xx", "socket errors", "fallback", "cache hits", "server CPU µs/req", "GCs 0/1/2", "GC pause ms");
        foreach (var row in rows)
        {
            var load = row.Load;
            table.AddRow(
                Markup.Escape(row.Target),
                load.Load,
                Invariant($"{load.RequestsPerSecond:N0}"),
                Invariant($"{load.RequestsPerSecond / noop.RequestsPerSecond:F2}"),
                Invariant($"{load.P50Ms:F2}"),
                Invariant($"{load.P99Ms:F2}"),
                Invariant($"{load.NonSuccess}"),
                Invariant($"{load.SocketErrors}"),
                Markup.Escape(row.Served.Recommendations > 0 ? row.Served.DescribeFallbacks() : "-"),
                row.Served.CacheHits + row.Served.CacheMisses > 0 ? Invariant($"{row.Served.CacheHitShare:P1}") : "-",
                Invariant($"{row.Cost.Cpu.TotalMicroseconds / Math.Max(1, load.Requests):F0}"),
                Invariant($"{row.Cost.Gen0}/{row.Cost.Gen1}/{row.Cost.Gen2}"),
                Invariant($"{row.Cost.GcPause.TotalMilliseconds:F0}"));
        }

        AnsiConsole.Write(table);
        var next = rows[1].Load;
        AnsiConsole.MarkupLine(Invariant($"JSON, wrk -t2 -c8, same run: POST /next [bold]{next.RequestsPerSecond:N0}[/] req/s (p99 {next.P99Ms:F2} ms), [bold]{next.RequestsPerSecond / noop.RequestsPerSecond:F2}[/] of the no-op JSON endpoint's {noop.RequestsPerSecond:N0}."));
    }

    private static string Invariant(FormattableString text) => text.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// Warms both endpoints, measures the no-op endpoint and <c>/next</c> of the caching API (<paramref name="api"/>) at
    /// each of <see cref="Levels"/>, then <c>/next</c> of the API without the cache (<paramref name="uncached"/>) at
    /// the higher levels, where the index is the bottleneck and admission control has to shed load.
    /// </summary>
    public static async Task<List<JsonRow>> RunAsync(string wrk, Uri api, Uri uncached, TimeSpan duration, int tracks, bool allocations, RunLog log)
    {
        const int users = 100_000;
        using var http = new HttpClient();
        log.Step("JSON: warming /next and the no-op endpoint with wrk");
        await WrkLoad.RunAsync(wrk, api, NoOpPath, 2, 8, TimeSpan.FromSeconds(5), tracks, users);
        await WrkLoad.RunAsync(wrk, api, "/next/", 2, 8, TimeSpan.FromSeconds(10), tracks, users);
        await WrkLoad.RunAsync(wrk, uncached, "/next/", 2, 8, TimeSpan.FromSeconds(5), tracks, users);
        var rows = new List<JsonRow>();
        log.Step("JSON: the no-op endpoint, wrk -t2 -c8");
        rows.Add(await MeasureAsync("no-op JSON endpoint", api, NoOpPath, 8));
        foreach (var connections in Levels)
        {
            log.Step($"JSON: POST /next/{{user}}, wrk -t2 -c{connections}");
            using var sampler = allocations && connections == Levels[0] ? new AllocationSampler() : null;
            rows.Add(await MeasureAsync("Botify.Api POST /next (C)", api, "/next/", connections));
            if (sampler is not null)
            {
                sampler.Recording = false;
                ApiThroughputBenchmark.PrintAllocations(sampler, rows[^1].Load.Requests, "the JSON /next phase (server and wrk's replies)");
            }
        }

        foreach (var connections in Levels.Skip(1))
        {
            log.Step($"JSON: POST /next/{{user}} without the candidate cache, wrk -t2 -c{connections}");
            rows.Add(await MeasureAsync("Botify.Api POST /next (C, cache off)", uncached, "/next/", connections));
        }

        return rows;

        async Task<JsonRow> MeasureAsync(string target, Uri server, string path, int connections)
        {
            var before = await ApiCounters.ReadAsync(http, server);
            var cost = ProcessCost.Now();
            var load = await WrkLoad.RunAsync(wrk, server, path, 2, connections, duration, tracks, users);
            cost = ProcessCost.Now() - cost;
            var after = await ApiCounters.ReadAsync(http, server);
            return new JsonRow(target, load, PhaseCounters.Between(before, after), cost);
        }
    }
}

/// <summary>One wrk phase and what Botify.Api's counters say it served.</summary>
internal sealed record JsonRow(string Target, WrkResult Load, PhaseCounters Served, ProcessCost Cost);
