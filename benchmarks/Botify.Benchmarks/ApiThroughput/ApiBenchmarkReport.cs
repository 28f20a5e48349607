using System.Runtime;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Botify.Benchmarks.ApiThroughput;

/// <summary>The api benchmark's results as JSON (<c>--out</c>).</summary>
internal static class ApiBenchmarkReport
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static void Write(FileInfo output, ApiRunSettings settings, GrpcResults results, List<JsonRow> jsonRows)
    {
        Directory.CreateDirectory(output.DirectoryName ?? ".");
        var noopJson = jsonRows.FirstOrDefault();
        var json = new
        {
            callers = settings.Callers,
            rate = settings.Rate,
            duration_seconds = settings.Duration.TotalSeconds,
            sinks_only = settings.SinksOnly,
            rounds = settings.Rounds,
            cores = Environment.ProcessorCount,
            gc = GCSettings.IsServerGC ? "server" : "workstation",
            index_huge_pages = settings.IndexHugePages,
            load_average_start = results.LoadAtStart,
            load_average_end = results.LoadAtEnd,
            warm_up_seconds = results.WarmUps,
            control_throughput_ratio = results.ControlRatio,
            control_uncached_throughput_ratio = results.Ratio(ApiThroughputBenchmark.ControlTarget + ", cache off"),
            listener_throughput_ratio = results.Ratio(ApiThroughputBenchmark.ListenerTarget),
            listener_unbatched_throughput_ratio = results.Ratio(ApiThroughputBenchmark.ListenerTarget + ", index batching off"),
            session_throughput_ratio = results.Ratio(ApiThroughputBenchmark.SessionTarget),
            memory_throughput_ratio = results.Ratio(ApiThroughputBenchmark.MemoryTarget),
            jetstream_to_files_throughput_ratio = results.JetStreamRatio,
            jetstream_one_event_per_message_to_files_throughput_ratio = results.JetStreamUnpackedRatio,
            jetstream_skipped = results.JetStreamSkipped,
            simulator_driver_calls_per_second = results.DriverCallsPerSecond,
            open_loop_send_lateness_p99_ms = results.LateP99Ms,
            open_loop_send_lateness_max_ms = results.LateMaxMs,
            grpc = results.Rows.Select(row => WithReplySources(row, results, new
            {
                target = row.Result.Target,
                load = row.Result.Load,
                calls = row.Result.Calls,
                errors = row.Result.Errors,
                calls_per_second = row.Result.CallsPerSecond,
                p50_ms = row.Result.P50Ms,
                p99_ms = row.Result.P99Ms,
                max_ms = row.Result.MaxMs,
                cpu_us_per_call = row.Result.CpuMicrosecondsPerCall,
                allocated_bytes_per_call = row.Result.AllocatedBytesPerCall,
                gc_gen0 = row.Result.Cost.Gen0,
                gc_pause_ms = row.Result.Cost.GcPause.TotalMilliseconds,
                fallback_share = row.Served.FallbackShare,
                fallbacks_by_reason = row.Served.FallbacksByReason,
                cache_hit_share = row.Served.CacheHitShare,
                event_sink = row.Sink is not { } sink ? null : new
                {
                    sink = sink.Sink,
                    accepted = sink.Accepted,
                    stored_in_phase = sink.StoredInPhase,
                    stored_per_second = sink.StoredPerSecond(row.Result.Seconds),
                    backlog_at_end = sink.BacklogAtEnd,
                    drain_seconds = sink.DrainSeconds,
                    stored = sink.Stored,
                    dropped = sink.Dropped,
                    publish_retries = sink.Retries,
                    duplicates = sink.Duplicates,
                    stream_messages = sink.Messages,
                    events_per_message = sink.EventsPerMessage,
                    nats_server_cpu_us_per_event = sink.ServerCpu is { } cpu ? cpu.TotalMicroseconds / Math.Max(1, sink.Stored) : (double?)null,
                },
            })),
            json = jsonRows.Select(row => new
            {
                target = row.Target,
                load = row.Load.Load,
                requests = row.Load.Requests,
                requests_per_second = row.Load.RequestsPerSecond,
                ratio_to_noop = noopJson is null ? (double?)null : row.Load.RequestsPerSecond / noopJson.Load.RequestsPerSecond,
                p50_ms = row.Load.P50Ms,
                p99_ms = row.Load.P99Ms,
                non_2xx = row.Load.NonSuccess,
                socket_errors = row.Load.SocketErrors,
                fallback_share = row.Served.FallbackShare,
                fallbacks_by_reason = row.Served.FallbacksByReason,
                cache_hit_share = row.Served.CacheHitShare,
                process_cpu_us_per_request = row.Cost.Cpu.TotalMicroseconds / Math.Max(1, row.Load.Requests),
                gc_gen0 = row.Cost.Gen0,
                gc_gen1 = row.Cost.Gen1,
                gc_pause_ms = row.Cost.GcPause.TotalMilliseconds,
            }),
        };
        File.WriteAllText(output.FullName, JsonSerializer.Serialize(json, Indented));
    }

    /// <summary>
    /// A gRPC row as it is, or (the memory arm's) with what served its Next calls by the replies' source and the
    /// sessions its listeners were primed with: <c>reply_sources</c> and <c>priming</c>.
    /// </summary>
    private static object WithReplySources(GrpcRow row, GrpcResults results, object item)
    {
        if (row.Result.Sources is not { } sources)
        {
            return item;
        }

        var node = JsonSerializer.SerializeToNode(item)!.AsObject();
        node["reply_sources"] = SourcesJson(sources);
        if (results.Primed.GetValueOrDefault(row.Result.Target) is { } primed)
        {
            node["priming"] = JsonSerializer.SerializeToNode(new
            {
                listeners = primed.Listeners,
                sessions_per_listener = primed.SessionsPerListener,
                starts_per_listener = ApiThroughputBenchmark.MemoryPlan.StartsPerListener,
                share_after_first = ApiThroughputBenchmark.MemoryPlan.Share,
                calls = primed.Calls,
                errors = primed.Errors,
                seconds = primed.Seconds,
                reply_sources = SourcesJson(primed.Sources),
            });
        }

        return node;

        static JsonNode? SourcesJson(ReplySources sources) => JsonSerializer.SerializeToNode(new
        {
            next_calls = sources.Next,
            memory_share = sources.MemoryShare,
            fallback_share = sources.FallbackShare,
            index_and_other_share = sources.OtherShare,
            by_source = sources.BySource,
        });
    }
}
