using System.Globalization;
using System.Text.Json;
using Spectre.Console;

namespace Botify.Benchmarks.EventStream;

/// <summary>The stream benchmark's table and its JSON (<c>--out</c>).</summary>
internal static class StreamReport
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static void Print(List<StreamRow> rows, StreamRunSettings settings, double meanBytes, double? loadAtStart, double? loadAtEnd)
    {
        var table = new Table()
            .Title(Invariant($"The event stream on this host: one nats-server -js (file store, 1 replica), {settings.Events:N0} generated listener events of {meanBytes:F0} B"))
            .AddColumns("stage", "setting", "events", "seconds", "events/s", "this process CPU µs/event", "nats-server CPU µs/event", "load", "note");
        foreach (var row in rows)
        {
            table.AddRow(
                Markup.Escape(row.Stage),
                Markup.Escape(row.Setting),
                Invariant($"{row.Events:N0}"),
                Invariant($"{row.Seconds:F2}"),
                Invariant($"[bold]{row.EventsPerSecond:N0}[/]"),
                Invariant($"{row.ProcessCpuPerEvent:F1}"),
                row.ServerCpu > TimeSpan.Zero ? Invariant($"{row.ServerCpuPerEvent:F1}") : "-",
                Invariant($"{row.Load:F1}"),
                Markup.Escape(row.Note));
        }

        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine(Invariant($"{Environment.ProcessorCount} cores shared by this process and nats-server; load average {loadAtStart:F1} at the start, {loadAtEnd:F1} at the end."));
    }

    public static void Write(FileInfo output, List<StreamRow> rows, StreamRunSettings settings, double meanBytes, double? loadAtStart, double? loadAtEnd)
    {
        Directory.CreateDirectory(output.DirectoryName ?? ".");
        var json = new
        {
            events = settings.Events,
            unbatched_events = settings.UnbatchedEvents,
            tracks = settings.Tracks,
            dim = settings.Dimension,
            epochs = settings.Epochs,
            mean_event_bytes = meanBytes,
            cores = Environment.ProcessorCount,
            load_average_start = loadAtStart,
            load_average_end = loadAtEnd,
            rows = rows.Select(row => new
            {
                stage = row.Stage,
                setting = row.Setting,
                events = row.Events,
                seconds = row.Seconds,
                events_per_second = row.EventsPerSecond,
                process_cpu_us_per_event = row.ProcessCpuPerEvent,
                nats_server_cpu_us_per_event = row.ServerCpu > TimeSpan.Zero ? row.ServerCpuPerEvent : (double?)null,
                load_average = row.Load,
                note = row.Note,
            }),
        };
        File.WriteAllText(output.FullName, JsonSerializer.Serialize(json, Indented));
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
