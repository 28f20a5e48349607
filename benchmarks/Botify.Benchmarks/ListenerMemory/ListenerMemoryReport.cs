using System.Globalization;
using System.Text.Json;
using Botify.Api.Memory;
using Spectre.Console;

namespace Botify.Benchmarks.ListenerMemory;

/// <summary>The listener-memory benchmark's table and its JSON (<c>--out</c>).</summary>
internal static class ListenerMemoryReport
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static void Print(List<ListenerMemoryRow> rows, ListenerMemoryRunSettings settings, ListenerMemoryOptions options, string? redisVersion, string? redisSkipped, double? loadAtStart, double? loadAtEnd)
    {
        var table = new Table()
            .Title(Invariant($"Listener memory: {settings.Listeners:N0} listeners, {settings.Operations:N0} timed reads and appends a row, one caller (MaxSessions {options.MaxSessions}, MaxTracksPerSession {options.MaxTracksPerSession})"))
            .AddColumns("store", "sessions/listener", "tracks/session", "bytes/listener", "encoded bytes/listener", "read µs mean", "read µs p99", "append µs mean", "append µs p99");
        foreach (var column in table.Columns.Skip(1))
        {
            column.RightAligned();
        }

        foreach (var row in rows)
        {
            table.AddRow(
                row.Store,
                Invariant($"{row.Sessions}"),
                Invariant($"{row.Tracks}"),
                Invariant($"[bold]{row.BytesPerListener:N0}[/]"),
                Invariant($"{row.EncodedBytesPerListener:N0}"),
                Invariant($"{row.Read.MeanMicroseconds:F2}"),
                Invariant($"{row.Read.P99Microseconds:F2}"),
                Invariant($"{row.Append.MeanMicroseconds:F2}"),
                Invariant($"{row.Append.P99Microseconds:F2}"));
        }

        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine(Markup.Escape(Invariant(
            $"bytes/listener: in-process, the managed heap's growth (GC.GetTotalMemory after full collections); Redis, INFO memory used_memory's growth; both over the listeners. Encoded: PastSessionCodec's 11 + 5 bytes a track, the payload.")));
        var keyRows = rows.Where(r => r.KeyBytes is not null).ToList();
        if (keyRows.Count > 0)
        {
            AnsiConsole.MarkupLine(Markup.Escape("Redis MEMORY USAGE of a listener's key (mean of a sample; the key and its list without the keyspace's tables): "
                + string.Join(", ", keyRows.Select(r => Invariant($"{r.Sessions} × {r.Tracks}: {r.KeyBytes:N0} B")))
                + Invariant($". Filled through AppendManyAsync (the rebuild's pipeline) at {string.Join(", ", keyRows.Select(r => Invariant($"{r.Sessions * (double)settings.Listeners / r.FillSeconds:N0}")))} sessions/s; redis-server {redisVersion}.")));
        }

        if (redisSkipped is not null)
        {
            AnsiConsole.MarkupLineInterpolated($"[yellow]Redis rows skipped[/]: {redisSkipped}.");
        }

        AnsiConsole.MarkupLine(Invariant($"{Environment.ProcessorCount} cores{(redisVersion is null ? string.Empty : " shared by this process and redis-server")}; load average {loadAtStart:F1} at the start, {loadAtEnd:F1} at the end."));
    }

    public static void Write(FileInfo output, List<ListenerMemoryRow> rows, ListenerMemoryRunSettings settings, ListenerMemoryOptions options, string? redisVersion, string? redisSkipped, double? loadAtStart, double? loadAtEnd)
    {
        Directory.CreateDirectory(output.DirectoryName ?? ".");
        var json = new
        {
            listeners = settings.Listeners,
            operations = settings.Operations,
            seed = settings.Seed,
            max_sessions = options.MaxSessions,
            max_tracks_per_session = options.MaxTracksPerSession,
            redis_version = redisVersion,
            redis_skipped = redisSkipped,
            cores = Environment.ProcessorCount,
            load_average_start = loadAtStart,
            load_average_end = loadAtEnd,
            rows = rows.Select(row => new
            {
                store = row.Store,
                sessions_per_listener = row.Sessions,
                tracks_per_session = row.Tracks,
                bytes_per_listener = Math.Round(row.BytesPerListener, 1),
                encoded_bytes_per_listener = row.EncodedBytesPerListener,
                redis_key_memory_usage_bytes = row.KeyBytes is { } key ? Math.Round(key, 1) : (double?)null,
                fill_seconds = Math.Round(row.FillSeconds, 3),
                read = Times(row.Read),
                append = Times(row.Append),
            }),
        };
        File.WriteAllText(output.FullName, JsonSerializer.Serialize(json, Indented));
    }

    private static object Times(OperationTimes times) => new
    {
        operations = times.Operations,
        mean_us = Math.Round(times.MeanMicroseconds, 3),
        p50_us = Math.Round(times.P50Microseconds, 3),
        p99_us = Math.Round(times.P99Microseconds, 3),
    };

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
