using System.Globalization;
using System.Runtime;
using Spectre.Console;

namespace Botify.Benchmarks.ApiThroughput;

/// <summary>The api benchmark's tables: throughput and latency per phase, what each phase cost, and the event sinks.</summary>
internal static partial class ApiThroughputBenchmark
{
    private static void Print(GrpcResults results, ApiRunSettings settings)
    {
        var rows = results.Rows;
        var table = new Table().Title("Next on loopback, client and servers on this host").AddColumns("target", "load", "calls/s", "÷ no-op", "p50 ms", "p99 ms", "max ms", "errors", "fallback", "cache hits");
        var cost = new Table().Title("What each phase cost the process (client, servers and GC together)").AddColumns("target", "load", "CPU µs/call", "bytes/call", "GCs 0/1/2", "GC pause ms", "JIT methods (ms)");
        foreach (var (r, served, _) in rows)
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

        if (results.JetStreamSkipped is { } skipped)
        {
            table.AddRow(Markup.Escape(JetStreamTarget), Markup.Escape($"skipped: {skipped}"), "-", "-", "-", "-", "-", "-", "-", "-");
        }

        AnsiConsole.Write(table);
        AnsiConsole.Write(cost);
        PrintReplySources(results);
        PrintSinks(results);
        if (!settings.SinksOnly)
        {
            AnsiConsole.MarkupLine(Invariant(
                $"Closed loop, same run: the seminar's control C (cached) answers [bold]{results.ControlRatio:F2}[/] of the no-op server's calls/s; without the cache {Ratio(results, ControlTarget + ", cache off")}; T3 (listener vector, never cached) {Ratio(results, ListenerTarget)}, and {Ratio(results, ListenerTarget + ", index batching off")} with the index client's batching off; T4 (session query, never cached) {Ratio(results, SessionTarget)}."));
            if (results.Ratio(MemoryTarget) is { } memoryRatio && results.Rows.FirstOrDefault(r => r.Result.Target == MemoryTarget)?.Result.Sources is { } served)
            {
                AnsiConsole.MarkupLine(Invariant(
                    $"T6 (listener memory, then the session's taste; its listeners primed, see above) [bold]{memoryRatio:F2}[/] of the no-op server's calls/s beside T4's {Ratio(results, SessionTarget)}; memory served {served.MemoryShare:P1} of its Next calls, the fallback {served.FallbackShare:P1}, the index and others {served.OtherShare:P1}."));
            }

            AnsiConsole.MarkupLine(Invariant($"Open loop: calls left the generator at most {results.LateMaxMs:F2} ms after their intended send time (p99 {results.LateP99Ms:F2} ms); latencies count from that time."));
            AnsiConsole.MarkupLine(Invariant($"Open loop at the same rate: C p99 [bold]{rows[^2].Result.P99Ms:F2}[/] ms, the no-op server p99 {rows[^1].Result.P99Ms:F2} ms (what this host adds to any call at that rate)."));
        }

        AnsiConsole.MarkupLine(Invariant($"GC: {(GCSettings.IsServerGC ? "server" : "workstation")}, {Environment.ProcessorCount} cores; the index's graph on {(settings.IndexHugePages ? "2 MB" : "4 KB")} pages; load average {results.LoadAtStart:F1} at the start, {results.LoadAtEnd:F1} at the end."));
        if (!settings.SinksOnly)
        {
            AnsiConsole.MarkupLine(Invariant($"Botify.Sim's remote driver against the no-op server: [bold]{results.DriverCallsPerSecond:N0}[/] calls/s (p99 {results.DriverP99Ms:F2} ms)."));
        }
    }

    /// <summary>
    /// What served each phase that counted its replies' <c>source</c> (the memory arm): the memory-hit share, the
    /// fallback's and the rest's, every source by name, and the sessions its listeners were primed with.
    /// </summary>
    private static void PrintReplySources(GrpcResults results)
    {
        var counted = results.Rows.Where(r => r.Result.Sources is not null).ToList();
        if (counted.Count == 0)
        {
            return;
        }

        var table = new Table().Title("What served the memory arm's Next calls (each reply's source field)")
            .AddColumns("target", "phase", "Next calls", "memory", "fallback", "index/other", "by source");
        foreach (var (r, _, _) in counted)
        {
            if (results.Primed.GetValueOrDefault(r.Target) is { } primed)
            {
                AddSources(table, r.Target, Invariant($"priming: {primed.SessionsPerListener} sessions × {primed.Listeners} listeners, {primed.Seconds:F1} s, {primed.Errors} errors"), primed.Sources);
            }

            AddSources(table, r.Target, r.Load, r.Sources!);
        }

        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine(Invariant(
            $"The memory arm's sessions start in turn at {MemoryPlan.StartsPerListener} first tracks per listener, reported heard in full, the tracks after them at {MemoryPlan.Share:F1} (liked); the other arms' callers report every track at 0.5 and start each session after their last reply."));

        static void AddSources(Table table, string target, string phase, ReplySources sources) => table.AddRow(
            Markup.Escape(target),
            Markup.Escape(phase),
            Invariant($"{sources.Next:N0}"),
            Invariant($"{sources.MemoryShare:P1}"),
            Invariant($"{sources.FallbackShare:P1}"),
            Invariant($"{sources.OtherShare:P1}"),
            Markup.Escape(sources.Describe()));
    }

    /// <summary>The event sink of each API phase, and C on JetStream over C on files (target ≥ 0.90).</summary>
    private static void PrintSinks(GrpcResults results)
    {
        var table = new Table().Title("The API's event sink during each phase (botify_api_events_* from its /metrics)")
            .AddColumns("target", "sink", "calls/s", "accepted", "stored in phase", "stored/s", "backlog at end", "drain s", "stored", "dropped", "publish retries", "duplicates", "events/message", "nats-server CPU µs/event");
        foreach (var (r, _, sink) in results.Rows)
        {
            if (sink is null)
            {
                continue;
            }

            table.AddRow(
                Markup.Escape(r.Target),
                sink.Sink,
                Invariant($"{r.CallsPerSecond:N0}"),
                Invariant($"{sink.Accepted:N0}"),
                Invariant($"{sink.StoredInPhase:N0}"),
                Invariant($"{sink.StoredPerSecond(r.Seconds):N0}"),
                Invariant($"{sink.BacklogAtEnd:N0}"),
                Invariant($"{sink.DrainSeconds:F2}"),
                Invariant($"{sink.Stored:N0}"),
                Invariant($"{sink.Dropped:N0}"),
                Invariant($"{sink.Retries:N0}"),
                Invariant($"{sink.Duplicates:N0}"),
                sink.EventsPerMessage is { } packed ? Invariant($"{packed:F1}") : "-",
                sink.ServerCpu is { } cpu ? Invariant($"{cpu.TotalMicroseconds / Math.Max(1, sink.Stored):F1}") : "-");
        }

        AnsiConsole.Write(table);
        var rounds = results.Rows.Count(r => r.Result.Target == JetStreamTarget);
        AnsiConsole.MarkupLine(results.JetStreamRatio is { } ratio
            ? Invariant($"C on the JetStream sink ÷ C on the file sink, same run, {rounds} round(s) each, alternating: [bold]{ratio:F2}[/] ({results.ClosedLoop(JetStreamTarget):N0} against {results.ClosedLoop(ControlTarget):N0} calls/s; target ≥ 0.90).")
            : Invariant($"C on the JetStream sink: [yellow]not measured[/]: {results.JetStreamSkipped}."));
        if (results.JetStreamUnpackedRatio is { } unpacked)
        {
            AnsiConsole.MarkupLine(Invariant($"The same sink storing one message per event (EventsPerMessage=1) ÷ files: [bold]{unpacked:F2}[/] ({results.ClosedLoop(JetStreamUnpackedTarget):N0} calls/s)."));
        }
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

    private static string Ratio(GrpcResults results, string target) => results.Ratio(target) is { } ratio ? Invariant($"{ratio:F2}") : "-";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
