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
        ArgumentException.ThrowIfNullOrWhiteSpace(experiment);
        var byListener = new Dictionary<(int User, string Treatment), List<ListenerEvent>>();
        var latencies = new Dictionary<string, List<double>>(StringComparer.Ordinal);
        long total = 0, without = 0;
        foreach (var e in events)
        {
            total++;
            if (!e.Experiments.TryGetValue(experiment, out var treatment))
            {
                without++;
                continue;
            }

            if (!byListener.TryGetValue((e.User, treatment), out var list))
            {
                byListener[(e.User, treatment)] = list = [];
            }

            list.Add(e);
            if (!e.IsLast)
            {
                if (!latencies.TryGetValue(treatment, out var latency))
                {
                    latencies[treatment] = latency = [];
                }

                latency.Add(e.Latency * 1000);
            }
        }

        if (byListener.Count == 0)
        {
            throw new ArgumentException($"no event of the log carries experiment '{experiment}' ({total} events read)");
        }

        var perTreatment = new Dictionary<string, TreatmentAccumulator>(StringComparer.Ordinal);
        var dropped = 0;
        foreach (var ((_, treatment), list) in byListener)
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
            .Select(p => p.Value.ToStats(p.Key, latencies.GetValueOrDefault(p.Key) ?? []))
            .ToList();
        var controlName = control ?? (stats.Any(s => s.Treatment == "C") ? "C" : stats[0].Treatment);
        var controlStats = stats.FirstOrDefault(s => s.Treatment == controlName)
            ?? throw new ArgumentException($"control treatment '{controlName}' has no complete session in experiment '{experiment}' (treatments: {string.Join(", ", stats.Select(s => s.Treatment))})");
        var rows = stats.Select(s => new TreatmentRow(s, s.Treatment == controlName ? null : Effect.Between(s, controlStats))).ToList();
        return new ExperimentReport(experiment, controlName, rows, total, without, dropped);
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
        private long _sessionsWithFallback;
        private bool _sourced;

        public void Add(ListenerEvent e)
        {
            _sourced |= e.Source is not null;
            if (e.IsLast)
            {
                return;
            }

            _next++;
            _fallback += SourceShares.IsFallback(e.Source) ? 1 : 0;
            _explore += SourceShares.IsExplore(e.Source) ? 1 : 0;
        }

        /// <summary>Closes the counts of one complete session: it is touched when any of its calls fell back.</summary>
        public void EndSession() => _sessionsWithFallback = _fallback > 0 ? 1 : 0;

        /// <summary>Adds closed sessions' counts (one session, or a listener's sum of them).</summary>
        public void Add(SourceCount other)
        {
            _next += other._next;
            _fallback += other._fallback;
            _explore += other._explore;
            _sessionsWithFallback += other._sessionsWithFallback;
            _sourced |= other._sourced;
        }

        public SourceShares? ToShares(int sessions) => _sourced && _next > 0
            ? new SourceShares(_next, _fallback / (double)_next, _sessionsWithFallback / (double)sessions, _explore / (double)_next)
            : null;
    }
}
