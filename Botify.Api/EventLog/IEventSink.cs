using Botify.Shared.Events;

namespace Botify.Api.EventLog;

/// <summary>Where the API's events go: files (<see cref="EventLogWriter"/>) or a JetStream stream (<see cref="JetStreamEventSink"/>).</summary>
internal interface IEventSink
{
    /// <summary>Events handed to the sink.</summary>
    long Accepted { get; }

    /// <summary>Events the sink has stored: written to a file, or acknowledged by the stream.</summary>
    long Written { get; }

    /// <summary>Events accepted but not yet stored.</summary>
    int Queued { get; }

    /// <summary>Events the sink had to drop (a full backlog, or a stop that outlasted the drain timeout).</summary>
    long Dropped { get; }

    /// <summary>Hands an event to the sink. Throws <see cref="System.Threading.Channels.ChannelClosedException"/> once the sink is stopped.</summary>
    ValueTask AppendAsync(ListenerEvent item, CancellationToken cancellationToken);
}
