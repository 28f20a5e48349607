namespace Botify.Shared.Events;

/// <summary>
/// One line of the event log: a <c>next</c> or <c>last</c> call of a listener, in the course's
/// format (<c>message, timestamp, user, track, time, latency, recommendation, experiments</c>).
/// </summary>
/// <param name="Message"><see cref="EventMessages.Next"/> or <see cref="EventMessages.Last"/>.</param>
/// <param name="Timestamp">When the call was answered, Unix time in milliseconds.</param>
/// <param name="User">Listener id.</param>
/// <param name="Track">The track the listener just heard.</param>
/// <param name="Time">Share of that track heard, 0..1.</param>
/// <param name="Latency">Seconds the service took to answer (the course's unit).</param>
/// <param name="Recommendation">Track recommended next; null on <c>last</c>.</param>
/// <param name="Experiments">Experiment name → the listener's treatment.</param>
/// <param name="Source">
/// Which recommender served the reply (<c>contextual</c>, <c>fallback:top-pop</c>, ...); Botify's
/// addition to the course's format, absent from the course's logs and on <c>last</c>.
/// </param>
/// <param name="Id">
/// Unique id the event stream gives an event (its JetStream message id, so a retried publish is stored once);
/// null in files and the course's logs.
/// </param>
public sealed record ListenerEvent(
    string Message,
    long Timestamp,
    int User,
    int Track,
    double Time,
    double Latency,
    int? Recommendation,
    IReadOnlyDictionary<string, string> Experiments,
    string? Source = null,
    string? Id = null)
{
    /// <summary>True for a <c>last</c> event (the end of a session).</summary>
    public bool IsLast => string.Equals(Message, EventMessages.Last, StringComparison.Ordinal);
}
