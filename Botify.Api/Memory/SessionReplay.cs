using System.Text;
using Botify.Shared.Data;
using Botify.Shared.Events;

namespace Botify.Api.Memory;

/// <summary>
/// Turns events back into ended sessions, per listener in log order, as the online path records them: a
/// session's plays are its <c>next</c> events' tracks and shares (a repeat keeps its first share) and the
/// <c>last</c> event's track, which ends it.
/// </summary>
internal sealed class SessionReplay(IReadOnlyDictionary<int, long> forgotten, int maxTracks, long idleTtlMs = long.MaxValue)
{
    private readonly Dictionary<int, (List<int> Tracks, List<float> Shares)> _open = [];
    private readonly Dictionary<int, long> _lastSeen = [];
    private long _expired;

    public List<(int User, PastSession Session)> Ended { get; } = [];

    public long Events { get; private set; }

    public long SkippedForgotten { get; private set; }

    public long BadLines { get; private set; }

    /// <summary>Sessions with no <c>last</c> (yet): dropped, as the analysis drops them.</summary>
    public long Unfinished => _open.Count + _expired;

    public void ReadFile(string file, Action<int> badLine)
    {
        using var reader = TextFiles.OpenText(file);
        var number = 0;
        while (reader.ReadLine() is { } line)
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            ListenerEvent item;
            try
            {
                item = EventJson.Parse(Encoding.UTF8.GetBytes(line));
            }
            catch (FormatException)
            {
                BadLines++;
                badLine(number);
                continue;
            }

            Add(item);
        }
    }

    public void Add(ListenerEvent item)
    {
        ArgumentNullException.ThrowIfNull(item);
        Events++;
        if (forgotten.TryGetValue(item.User, out var forgottenAt) && item.Timestamp <= forgottenAt)
        {
            SkippedForgotten++;
            return;
        }

        // A session idle past the session store's TTL started afresh online, so its end recorded nothing.
        if (_lastSeen.TryGetValue(item.User, out var seen) && item.Timestamp - seen > idleTtlMs && _open.Remove(item.User))
        {
            _expired++;
        }

        _lastSeen[item.User] = item.Timestamp;
        if (!_open.TryGetValue(item.User, out var session))
        {
            if (item.IsLast)
            {
                // A last with no session open (a retried Last) ends nothing online: EndAsync finds no session.
                return;
            }

            session = ([], []);
            _open[item.User] = session;
        }

        if (item.IsLast)
        {
            _open.Remove(item.User);
            if (PastSession.Ended(item.Timestamp, session.Tracks, session.Shares, item.Track, (float)item.Time, maxTracks) is { } ended)
            {
                Ended.Add((item.User, ended));
            }
        }
        else if (!session.Tracks.Contains(item.Track))
        {
            // As ListenerSession.AddPlayed: a repeat keeps its first play's share.
            session.Tracks.Add(item.Track);
            session.Shares.Add((float)item.Time);
        }
    }
}
