using System.Diagnostics;
using System.Globalization;
using System.Threading.Channels;
using Botify.Api.EventLog;
using Botify.Api.Experiments;
using Botify.Api.Memory;
using Botify.Api.Sessions;
using Botify.Api.Sources;
using Botify.Api.Telemetry;
using Botify.Shared.Catalog;
using Botify.Shared.Events;
using Microsoft.Extensions.Options;

namespace Botify.Api.Core;

/// <summary>
/// What both front doors (gRPC and the course's JSON API) call: validates the request, assigns the
/// treatment, runs its pipeline, records popularity and writes the event before the reply leaves.
/// Bad input throws <see cref="ListenerRequestException"/> before any state changes.
/// </summary>
internal sealed class RecommendationService(
    TrackCatalog catalog,
    ExperimentRegistry experiments,
    ISessionStore sessions,
    IListenerMemory memory,
    IOptions<ListenerMemoryOptions> memoryOptions,
    IEventSink eventLog,
    TrackPopularity popularity,
    ApiMetrics metrics,
    ExperimentMetrics experimentMetrics,
    TimeProvider time)
{
    public async ValueTask<(Recommendation Recommendation, Assignment Assignment)> NextAsync(ApiMethod method, int user, int track, double heard, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        Assignment? assignment = null;
        try
        {
            Validate("next", user, track, heard);
            metrics.Request(method);
            assignment = experiments.Assign(user);
            using var span = Span("Next", user, assignment);
            var recommendation = await assignment.Pipeline.NextAsync(user, track, heard, cancellationToken).ConfigureAwait(false);
            if (recommendation.SessionLessReason is not null)
            {
                // The session store could not be used: the pick came from a fresh session kept for this call only.
                recommendation = recommendation with { Source = SessionLessReasons.SourcePrefix + recommendation.Source };
            }

            popularity.Record(track, heard);
            metrics.Served(recommendation.Source);
            experimentMetrics.Served(assignment, recommendation);
            if (recommendation.FallbackReason is { } reason)
            {
                metrics.Fallback(reason);
            }

            span?.SetTag("botify.source", recommendation.Source).SetTag("botify.fallback_reason", recommendation.FallbackReason);
            var latency = await Log(EventMessages.Next, started, user, track, heard, recommendation.Track, assignment, recommendation.Source, cancellationToken).ConfigureAwait(false);
            metrics.Answered(method, assignment.Treatment, latency);
            return (recommendation, assignment);
        }
        catch (Exception e) when (RecordFailure(method, assignment, started, e, cancellationToken))
        {
            throw; // never reached: the filter records the failure and lets the exception go on
        }
    }

    public async ValueTask<Assignment> LastAsync(ApiMethod method, int user, int track, double heard, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        Assignment? assignment = null;
        try
        {
            Validate("last", user, track, heard);
            metrics.Request(method);
            assignment = experiments.Assign(user);
            using var span = Span("Last", user, assignment);
            // A shared store's outage is absorbed by SessionLessFallbackStore and ResilientListenerMemory: the
            // session then expires with its TTL, the memory misses one session, and the call answers.
            var ended = await sessions.EndAsync(user, cancellationToken).ConfigureAwait(false);
            if (ended is not null)
            {
                experimentMetrics.SessionEnded(assignment, ended, heard);
                if (memoryOptions.Value.Enabled)
                {
                    await Remember(user, ended, track, heard, cancellationToken).ConfigureAwait(false);
                }
            }

            popularity.Record(track, heard);
            var latency = await Log(EventMessages.Last, started, user, track, heard, null, assignment, null, cancellationToken).ConfigureAwait(false);
            metrics.Answered(method, assignment.Treatment, latency);
            return assignment;
        }
        catch (Exception e) when (RecordFailure(method, assignment, started, e, cancellationToken))
        {
            throw; // never reached
        }
    }

    public CatalogTrack GetTrack(ApiMethod method, int track)
    {
        var started = time.GetTimestamp();
        metrics.Request(method);
        if (!catalog.Contains(track))
        {
            metrics.Refused(method, treatment: null, RequestErrorKind.NotFound, time.GetElapsedTime(started).TotalSeconds);
            Reject(RequestErrorKind.NotFound, string.Create(CultureInfo.InvariantCulture, $"track {track} is not in the catalog (0..{catalog.Count - 1})"));
        }

        metrics.Answered(method, treatment: null, time.GetElapsedTime(started).TotalSeconds);
        return catalog[track];
    }

    /// <summary>Keeps the ended session, with the track the listener ended on, in the listener's memory.</summary>
    private ValueTask Remember(int user, SessionPlays ended, int lastTrack, double heard, CancellationToken cancellationToken)
    {
        var session = PastSession.Ended(time.GetUtcNow().ToUnixTimeMilliseconds(), ended.Tracks, ended.Shares, lastTrack, (float)heard, memoryOptions.Value.MaxTracksPerSession);
        return session is null ? ValueTask.CompletedTask : memory.AppendAsync(user, session, cancellationToken);
    }

    /// <summary>The time a listener reports, as the double the log keeps: the float's shortest decimal form, so 0.99f is logged as 0.99.</summary>
    public static double HeardShare(float time) => float.IsFinite(time) ? (double)(decimal)time : time;

    private void Validate(string method, int user, int track, double heard)
    {
        if (user < 0)
        {
            Reject(RequestErrorKind.InvalidArgument, string.Create(CultureInfo.InvariantCulture, $"{method}: user is {user}; listener ids are >= 0"));
        }

        if (!catalog.Contains(track))
        {
            Reject(RequestErrorKind.NotFound, string.Create(CultureInfo.InvariantCulture, $"{method}: track {track} is not in the catalog (0..{catalog.Count - 1})"));
        }

        if (!(heard is >= 0 and <= 1))
        {
            Reject(RequestErrorKind.InvalidArgument, string.Create(CultureInfo.InvariantCulture, $"{method}: time is {heard}; it must be the share of the track heard, 0..1"));
        }
    }

    [StackTraceHidden]
    private void Reject(RequestErrorKind kind, string message)
    {
        metrics.Rejected(kind == RequestErrorKind.NotFound ? "not-found" : "invalid-argument");
        throw new ListenerRequestException(kind, message);
    }

    /// <summary>
    /// An exception filter: records a failed call's latency with the status its front door replies (a refusal's,
    /// CANCELLED/499 when the listener went away, else UNKNOWN/500) and returns false, so the exception goes on unchanged.
    /// </summary>
    private bool RecordFailure(ApiMethod method, Assignment? assignment, long started, Exception fault, CancellationToken cancellationToken)
    {
        metrics.Failed(method, assignment?.Treatment, fault, cancellationToken.IsCancellationRequested, time.GetElapsedTime(started).TotalSeconds);
        return false;
    }

    /// <summary>The call's span (null when no tracer listens): its index search is a child of it.</summary>
    private static Activity? Span(string name, int user, Assignment assignment) =>
        ApiTracing.Source.StartActivity(name)?
            .SetTag("botify.user", user)
            .SetTag("botify.experiment", assignment.Experiment)
            .SetTag("botify.treatment", assignment.Treatment);

    /// <summary>Queues the event; returns the call's latency in seconds, as logged.</summary>
    private async ValueTask<double> Log(string message, long started, int user, int track, double heard, int? recommendation, Assignment assignment, string? source, CancellationToken cancellationToken)
    {
        var latency = time.GetElapsedTime(started).TotalSeconds;
        var item = new ListenerEvent(message, time.GetUtcNow().ToUnixTimeMilliseconds(), user, track, heard, latency, recommendation, assignment.Experiments, source);
        try
        {
            await eventLog.AppendAsync(item, cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException)
        {
            throw new ListenerRequestException(RequestErrorKind.Unavailable, "the service is stopping; the event log no longer accepts events");
        }

        return latency;
    }
}
