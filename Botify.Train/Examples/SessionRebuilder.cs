using Botify.Shared.Events;

namespace Botify.Train.Examples;

/// <summary>
/// Rebuilds listening sessions from events: per listener, in time order (log order breaks ties), a
/// session runs up to and including a <c>last</c>, or until the listener was idle longer than the gap.
/// Listeners' events may be interleaved in any way.
/// </summary>
public static class SessionRebuilder
{
    /// <summary>Default idle gap that ends a session without a <c>last</c>: 30 minutes.</summary>
    public static readonly TimeSpan DefaultIdleGap = TimeSpan.FromMinutes(30);

    /// <summary>Splits <paramref name="events"/> into sessions, ordered by listener then time.</summary>
    public static List<LoggedSession> Rebuild(IReadOnlyList<ListenerEvent> events, TimeSpan idleGap)
    {
        ArgumentNullException.ThrowIfNull(events);
        return Rebuild(events.Select(Play.From).ToList(), idleGap);
    }

    /// <summary>Splits <paramref name="events"/> into sessions, ordered by listener then time.</summary>
    public static List<LoggedSession> Rebuild(List<Play> events, TimeSpan idleGap)
    {
        ArgumentNullException.ThrowIfNull(events);
        var order = new int[events.Count];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        // Stable by log position: equal timestamps keep the order they were written in.
        Array.Sort(order, (a, b) =>
        {
            var byUser = events[a].User.CompareTo(events[b].User);
            if (byUser != 0)
            {
                return byUser;
            }

            var byTime = events[a].Timestamp.CompareTo(events[b].Timestamp);
            return byTime != 0 ? byTime : a.CompareTo(b);
        });

        var sessions = new List<LoggedSession>();
        var tracks = new List<int>();
        var times = new List<float>();
        var unchosen = new List<bool>();
        var user = -1;
        long lastTimestamp = 0;
        var previous = -1;
        var gapMs = (long)idleGap.TotalMilliseconds;

        void Close(bool ended)
        {
            if (tracks.Count > 0)
            {
                sessions.Add(new LoggedSession(user, [.. tracks], [.. times], ended) { Unchosen = [.. unchosen] });
            }

            tracks.Clear();
            times.Clear();
            unchosen.Clear();
        }

        foreach (var index in order)
        {
            var e = events[index];
            if (e.User != user || (tracks.Count > 0 && e.Timestamp - lastTimestamp > gapMs))
            {
                Close(ended: false);
                user = e.User;
            }

            // The event before recommended this track: whether it drew it at random is written there.
            unchosen.Add(tracks.Count == 0 || events[previous].NextAtRandom);
            tracks.Add(e.Track);
            times.Add(e.Time);
            previous = index;
            lastTimestamp = e.Timestamp;
            if (e.IsLast)
            {
                Close(ended: true);
            }
        }

        Close(ended: false);
        return sessions;
    }
}
