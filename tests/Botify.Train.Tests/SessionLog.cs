using Botify.Shared.Events;

namespace Botify.Train.Tests;

/// <summary>An event log written session by session, each play with the share heard the test chooses.</summary>
internal sealed class SessionLog
{
    private static readonly Dictionary<string, string> Experiments = new() { ["E"] = "C" };
    private long _clock = 1_700_000_000_000;

    public List<ListenerEvent> Events { get; } = [];

    /// <summary>A session that starts on <paramref name="start"/> (heard in full) and then hears each track for its share.</summary>
    public void Add(int user, int start, params (int Track, double Share)[] heard)
    {
        var current = start;
        var time = 1.0;
        foreach (var (track, share) in heard)
        {
            Events.Add(new ListenerEvent("next", _clock++, user, current, time, 0.001, track, Experiments));
            current = track;
            time = share;
        }

        Events.Add(new ListenerEvent("last", _clock++, user, current, time, 0.001, null, Experiments));
    }

    public void Write(string path)
    {
        using var writer = File.CreateText(path);
        foreach (var e in Events)
        {
            writer.WriteLine(EventJson.Serialize(e));
        }
    }
}
