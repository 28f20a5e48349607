using Botify.Shared.Events;

namespace Botify.Lab.Analysis;

/// <summary>
/// The course's A/B analysis over an event log (DESIGN.md, "A/B experiments"): sessions rebuilt per
/// (listener, treatment) in time order, each ending with a <c>last</c> (sessions with none are
/// dropped); session time is the sum of <c>time</c> over its events; each listener contributes
/// one figure, total time / sessions; per treatment the mean and sample variance of those figures;
/// the effect against control with the Welch interval.
/// </summary>
public static class ExperimentAnalyzer
{
    public static ExperimentReport Analyze(IEnumerable<ListenerEvent> events, string experiment, string? control = null)
    {
        ArgumentNullException.ThrowIfNull(events);
        var analysis = new ExperimentAnalysis(experiment);
        foreach (var e in events)
        {
            analysis.Add(e);
        }

        return analysis.Report(control);
    }
}

/// <summary>
/// <see cref="ExperimentAnalyzer"/> one event at a time, for a reader that hands events on instead of keeping
/// them (the stream's). Of each event it keeps 24 bytes: when, how much was heard, and what ended or served it.
/// </summary>
public sealed class ExperimentAnalysis
{
    private readonly string _experiment;
    private readonly Dictionary<(int User, string Treatment), List<Heard>> _byListener = [];
    private readonly Dictionary<string, List<double>> _latencies = new(StringComparer.Ordinal);
    private long _total;
    private long _without;

    public ExperimentAnalysis(string experiment)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(experiment);
        _experiment = experiment;
    }

    public void Add(ListenerEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        _total++;
        if (!e.Experiments.TryGetValue(_experiment, out var treatment))
        {
            _without++;
            return;
        }

        if (!_byListener.TryGetValue((e.User, treatment), out var list))
        {
            _byListener[(e.User, treatment)] = list = [];
        }

        list.Add(Heard.From(e));
        if (!e.IsLast)
        {
            if (!_latencies.TryGetValue(treatment, out var latency))
            {
                _latencies[treatment] = latency = [];
            }

            latency.Add(e.Latency * 1000);
        }
    }

    /// <summary>The report over the events added so far.</summary>
    /// <exception cref="ArgumentException">No event carries the experiment, or the control has no complete session.</exception>
    public ExperimentReport Report(string? control = null)
    {
        if (_byListener.Count == 0)
        {
            throw new ArgumentException($"no event of the log carries experiment '{_experiment}' ({_total} events read)");
        }

        var perTreatment = new Dictionary<string, TreatmentAccumulator>(StringComparer.Ordinal);
        var dropped = 0;
        foreach (var ((_, treatment), list) in _byListener)
        {
            // Stable sort: events with equal timestamps keep log order.
            var ordered = list.Select((e, i) => (e, i)).OrderBy(p => p.e.Timestamp).ThenBy(p => p.i).Select(p => p.e);
            double sessionTime = 0, listenerTime = 0;
            int sessionTracks = 0, listenerSessions = 0, listenerTracks = 0;
            var session = new SourceCount();
            var listener = new SourceCount();
            foreach (var e in ordered)
            {
                sessionTime += e.Time;
                sessionTracks++;
                session.Add(e);
                if (e.IsLast)
                {
                    listenerTime += sessionTime;
                    listenerTracks += sessionTracks;
                    listenerSessions++;
                    session.EndSession();
                    listener.Add(session);
                    sessionTime = 0;
                    sessionTracks = 0;
                    session = new SourceCount();
                }
            }

            if (sessionTracks > 0)
            {
                dropped++;
            }

            if (listenerSessions == 0)
            {
                continue;
            }

            if (!perTreatment.TryGetValue(treatment, out var accumulator))
            {
                perTreatment[treatment] = accumulator = new TreatmentAccumulator();
            }

            accumulator.Add(listenerTime / listenerSessions, listenerSessions, listenerTracks, listener);
        }

        var stats = perTreatment
            .OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => p.Value.ToStats(p.Key, _latencies.GetValueOrDefault(p.Key) ?? []))
            .ToList();
        var controlName = control ?? (stats.Any(s => s.Treatment == "C") ? "C" : stats[0].Treatment);
        var controlStats = stats.FirstOrDefault(s => s.Treatment == controlName)
            ?? throw new ArgumentException($"control treatment '{controlName}' has no complete session in experiment '{_experiment}' (treatments: {string.Join(", ", stats.Select(s => s.Treatment))})");
        var rows = stats.Select(s => new TreatmentRow(s, s.Treatment == controlName ? null : Effect.Between(s, controlStats))).ToList();
        return new ExperimentReport(_experiment, controlName, rows, _total, _without, dropped);
    }

    /// <summary>What the analysis keeps of an event.</summary>
    private readonly record struct Heard(long Timestamp, double Time, bool IsLast, bool Sourced, bool Fallback, bool Explore, bool Memory)
    {
        public static Heard From(ListenerEvent e) =>
            new(e.Timestamp, e.Time, e.IsLast, e.Source is not null, SourceShares.IsFallback(e.Source), SourceShares.IsExplore(e.Source), SourceShares.IsMemory(e.Source));
    }

    private sealed class TreatmentAccumulator
    {
        private readonly List<double> _listenerMeans = [];
        private readonly SourceCount _sources = new();
        private int _sessions;
        private long _tracks;

        public void Add(double listenerMean, int sessions, int tracks, SourceCount sources)
        {
            _listenerMeans.Add(listenerMean);
            _sessions += sessions;
            _tracks += tracks;
            _sources.Add(sources);
        }

        public TreatmentStats ToStats(string treatment, List<double> latencyMs)
        {
            var n = _listenerMeans.Count;
            var mean = _listenerMeans.Average();
            var variance = n > 1 ? _listenerMeans.Sum(x => (x - mean) * (x - mean)) / (n - 1) : 0;
            latencyMs.Sort();
            var p99 = latencyMs.Count > 0 ? latencyMs[Math.Min(latencyMs.Count - 1, (int)Math.Ceiling(0.99 * latencyMs.Count) - 1)] : double.NaN;
            return new TreatmentStats(treatment, n, _sessions, mean, variance, _tracks / (double)_sessions, latencyMs.Count > 0 ? latencyMs.Average() : double.NaN, p99)
            {
                Sources = _sources.ToShares(_sessions),
            };
        }
    }

    /// <summary>Counts of the <c>next</c> calls' sources, for one session or summed over many.</summary>
    private sealed class SourceCount
    {
        private long _next;
        private long _fallback;
        private long _explore;
        private long _memory;
        private long _sessionsWithFallback;
        private bool _sourced;

        public void Add(Heard e)
        {
            _sourced |= e.Sourced;
            if (e.IsLast)
            {
                return;
            }

            _next++;
            _fallback += e.Fallback ? 1 : 0;
            _explore += e.Explore ? 1 : 0;
            _memory += e.Memory ? 1 : 0;
        }

        /// <summary>Closes the counts of one complete session: it is touched when any of its calls fell back.</summary>
        public void EndSession() => _sessionsWithFallback = _fallback > 0 ? 1 : 0;

        /// <summary>Adds closed sessions' counts (one session, or a listener's sum of them).</summary>
        public void Add(SourceCount other)
        {
            _next += other._next;
            _fallback += other._fallback;
            _explore += other._explore;
            _memory += other._memory;
            _sessionsWithFallback += other._sessionsWithFallback;
            _sourced |= other._sourced;
        }

        public SourceShares? ToShares(int sessions) => _sourced && _next > 0
            ? new SourceShares(_next, _fallback / (double)_next, _sessionsWithFallback / (double)sessions, _explore / (double)_next, _memory / (double)_next)
            : null;
    }
}
