using Botify.Shared.Events;

namespace Botify.Train.Examples;

/// <summary>
/// One listening event as training keeps it: 24 bytes, against about 460 for a parsed <see cref="ListenerEvent"/>
/// with its experiments map, so the events of a training window are not what fills the trainer's memory
/// (docs/training.md, "Memory").
/// </summary>
/// <param name="Timestamp">When the call was answered, Unix time in milliseconds.</param>
/// <param name="User">Listener id.</param>
/// <param name="Track">The track the listener heard.</param>
/// <param name="Time">Share of it heard, 0..1.</param>
/// <param name="IsLast">True for a <c>last</c> event, the end of a session.</param>
/// <param name="NextAtRandom">
/// True when the track the event recommended next was drawn at random (source <c>random</c>, <c>explore:random</c>,
/// <c>fallback:random</c>): liked, it was liked without a policy choosing it (docs/training.md, "Negatives").
/// </param>
public readonly record struct Play(long Timestamp, int User, int Track, float Time, bool IsLast, bool NextAtRandom = false)
{
    public static Play From(ListenerEvent item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return new Play(item.Timestamp, item.User, item.Track, (float)item.Time, item.IsLast, IsRandom(item.Source));
    }

    /// <summary>True for a source that draws tracks uniformly at random, whatever its prefix.</summary>
    public static bool IsRandom(string? source) => source is not null && (source == "random" || source.EndsWith(":random", StringComparison.Ordinal));
}

/// <summary>The events a training run read, as <see cref="Play"/>s in the order read, and the largest ids among them.</summary>
public sealed class PlayLog
{
    /// <summary>The events, in the order read.</summary>
    public List<Play> Plays { get; } = [];

    /// <summary>The largest track id heard or recommended; -1 when empty. Sizes the model when no catalog does.</summary>
    public int MaxTrack { get; private set; } = -1;

    /// <summary>The largest listener id; -1 when empty.</summary>
    public int MaxUser { get; private set; } = -1;

    public void Add(ListenerEvent item)
    {
        ArgumentNullException.ThrowIfNull(item);
        Plays.Add(Play.From(item));
        MaxTrack = Math.Max(MaxTrack, Math.Max(item.Track, item.Recommendation ?? 0));
        MaxUser = Math.Max(MaxUser, item.User);
    }
}
