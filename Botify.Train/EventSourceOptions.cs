using System.CommandLine;
using Botify.Shared.Events.Stream;

namespace Botify.Train;

/// <summary>Where the trainer reads events: <c>--log</c> files and folders, or a window of the JetStream stream (<c>--stream</c>).</summary>
public sealed class EventSourceOptions
{
    private readonly Option<string[]> _logs = new("--log") { Description = "Event log file or folder (JSON lines, .gz allowed); repeat for several. Or --stream.", AllowMultipleArgumentsPerToken = true };
    private readonly Option<string?> _stream = new("--stream") { Description = "Read the events off this NATS server's JetStream stream instead of files (e.g. nats://botify-nats:4222)." };
    private readonly Option<string> _streamName = new("--stream-name") { Description = "The stream's name.", DefaultValueFactory = _ => EventStreamLayout.DefaultStream };
    private readonly Option<string> _subject = new("--stream-subject") { Description = "The stream's subject prefix (events are on PREFIX.{partition}).", DefaultValueFactory = _ => EventStreamLayout.DefaultSubject };
    private readonly Option<string?> _since = new("--since") { Description = "With --stream: only events stored in this last window (24h, 7d, 90m); default the whole stream." };
    private readonly Option<string> _consumer;

    /// <summary>The options; <paramref name="consumer"/> is the default durable consumer name (one per tool, so a trainer and an analysis never share one).</summary>
    public EventSourceOptions(string consumer = "botify-train") =>
        _consumer = new("--consumer") { Description = "With --stream: name of the durable consumer the read goes through.", DefaultValueFactory = _ => consumer };

    /// <summary>Adds the options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        command.Options.Add(_logs);
        command.Options.Add(_stream);
        command.Options.Add(_streamName);
        command.Options.Add(_subject);
        command.Options.Add(_since);
        command.Options.Add(_consumer);
    }

    /// <summary>The files or the stream window the command names, or the usage error saying what is wrong.</summary>
    public (IReadOnlyList<string> Logs, EventStreamSource? Stream, string? Error) Read(ParseResult parse, TimeProvider time)
    {
        var logs = parse.GetValue(_logs) ?? [];
        var url = parse.GetValue(_stream);
        var since = parse.GetValue(_since);
        if ((logs.Length > 0) == (url is not null))
        {
            return ([], null, "give the events either as --log files or as --stream URL, one of the two");
        }

        if (url is null)
        {
            return since is null ? (logs, null, null) : ([], null, "--since needs --stream (files are read whole)");
        }

        try
        {
            var layout = new EventStreamLayout(parse.GetValue(_streamName)!, parse.GetValue(_subject)!).Validated();
            DateTimeOffset? from = since is null ? null : time.GetUtcNow() - EventStreamSource.ParseWindow(since);
            return ([], new EventStreamSource(url, layout, from, parse.GetValue(_consumer)!), null);
        }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            return ([], null, e.Message);
        }
    }
}
