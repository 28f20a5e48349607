using System.ComponentModel.DataAnnotations;

namespace Botify.Api.EventLog;

/// <summary>The event log, bound from the <c>EventLog</c> section.</summary>
public sealed class EventLogOptions
{
    public const string Section = "EventLog";

    /// <summary>Write the log at all. Default true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Where events go: <c>Files</c> (JSON lines in <see cref="Folder"/>, one machine; the default) or <c>JetStream</c> (a NATS JetStream stream, <see cref="JetStreamSinkOptions"/>).</summary>
    public EventSinkKind Sink { get; set; } = EventSinkKind.Files;

    /// <summary>Folder of the log files (created when missing). Default <c>events</c>, relative to the working directory.</summary>
    [Required]
    public string Folder { get; set; } = "events";

    /// <summary>File names are <c>{prefix}-{NNNNNN}.jsonl</c>, numbered in write order. Default <c>events</c>.</summary>
    [Required]
    [RegularExpression("^[A-Za-z0-9_.-]+$")]
    public string FilePrefix { get; set; } = "events";

    /// <summary>A file reaching this size is closed and the next one opened. Default 64 MiB, range 1 KiB..16 GiB.</summary>
    [Range(1024L, 16L * 1024 * 1024 * 1024)]
    public long MaxFileBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>Events queued for the file writer; when full, requests wait (back-pressure). Default 65536, range 1..10^7.</summary>
    [Range(1, 10_000_000)]
    public int Capacity { get; set; } = 65_536;
}

/// <summary>Where the API writes its events.</summary>
public enum EventSinkKind
{
    /// <summary>JSON-lines files in a folder (<see cref="EventLogWriter"/>).</summary>
    Files,

    /// <summary>A NATS JetStream stream (<see cref="JetStreamEventSink"/>).</summary>
    JetStream,
}
