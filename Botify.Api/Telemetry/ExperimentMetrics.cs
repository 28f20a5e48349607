using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Botify.Api.Core;
using Botify.Api.Experiments;
using Botify.Api.Sessions;

namespace Botify.Api.Telemetry;

/// <summary>
/// The live view of the running experiment, per experiment and treatment (<c>botify.experiment</c>,
/// <c>botify.treatment</c>): each ended session's time and tracks (histograms, recorded on <c>Last</c>) and
/// each <c>Next</c> reply's source and fallback reason (a counter read at scrape time). PromQL over them gives
/// an arm's live mean session time and fallback share; docs/operations/observability.md says how that
/// per-session figure differs from <c>Botify.Lab analyze</c>'s per-listener one.
/// </summary>
internal sealed class ExperimentMetrics
{
    /// <summary>
    /// Session time (the sum of the shares heard, so at most one per track) and tracks per session: one bucket per
    /// track up to 10, then coarser up to 100; longer sessions land in +Inf.
    /// </summary>
    internal static readonly double[] SessionBounds = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12, 15, 20, 25, 30, 40, 50, 60, 75, 100];

    private static readonly int[] TrackBounds = [.. SessionBounds.Select(bound => (int)bound)];

    private readonly ConcurrentDictionary<ArmSource, ArmCount> _served = new();
    private readonly Histogram<double> _sessionTime;
    private readonly Histogram<int> _sessionTracks;

    public ExperimentMetrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        var meter = meters.Create(ApiMetrics.MeterName);
        _sessionTime = meter.CreateHistogram(
            "botify.api.session.time",
            "{track}",
            "Time of each session ended by Last: the sum of the shares heard of its tracks, per experiment and treatment",
            tags: null,
            new InstrumentAdvice<double> { HistogramBucketBoundaries = SessionBounds });
        _sessionTracks = meter.CreateHistogram(
            "botify.api.session.tracks",
            "{track}",
            "Tracks of each session ended by Last (its calls, Last included), per experiment and treatment",
            tags: null,
            new InstrumentAdvice<int> { HistogramBucketBoundaries = TrackBounds });
        meter.CreateObservableCounter(
            "botify.api.treatment.recommendations",
            ObserveServed,
            "{recommendation}",
            "Next replies per experiment, treatment and source; a fallback's reason as reason");
    }

    /// <summary>Counts a <c>Next</c> reply of <paramref name="assignment"/>'s treatment by its source (and fallback reason).</summary>
    public void Served(Assignment assignment, Recommendation recommendation)
    {
        ArgumentNullException.ThrowIfNull(assignment);
        ArgumentNullException.ThrowIfNull(recommendation);
        var key = new ArmSource(assignment.Experiment, assignment.Treatment, recommendation.Source, recommendation.FallbackReason);
        Interlocked.Increment(ref _served.GetOrAdd(key, static k => new ArmCount(k)).Value);
    }

    /// <summary>
    /// Records a session that <c>Last</c> ended: its plays (the tracks of its <c>Next</c> calls with the share
    /// heard of each) and the last track, heard for <paramref name="lastHeard"/>.
    /// </summary>
    public void SessionEnded(Assignment assignment, SessionPlays plays, double lastHeard)
    {
        ArgumentNullException.ThrowIfNull(assignment);
        ArgumentNullException.ThrowIfNull(plays);
        double time = lastHeard;
        foreach (var share in plays.Shares)
        {
            time += share;
        }

        var tags = new TagList { { "botify.experiment", assignment.Experiment }, { "botify.treatment", assignment.Treatment } };
        _sessionTime.Record(time, tags);
        _sessionTracks.Record(plays.Tracks.Length + 1, tags);
    }

    private IEnumerable<Measurement<long>> ObserveServed()
    {
        foreach (var count in _served.Values)
        {
            yield return new Measurement<long>(Interlocked.Read(ref count.Value), count.Tags);
        }
    }

    private readonly record struct ArmSource(string Experiment, string Treatment, string Source, string? Reason);

    /// <summary>One series of the counter: its count and its attributes, made once.</summary>
    private sealed class ArmCount(ArmSource key)
    {
        public long Value;

        public KeyValuePair<string, object?>[] Tags { get; } = key.Reason is null
            ? [new("botify.experiment", key.Experiment), new("botify.treatment", key.Treatment), new("source", key.Source)]
            : [new("botify.experiment", key.Experiment), new("botify.treatment", key.Treatment), new("source", key.Source), new("reason", key.Reason)];
    }
}
