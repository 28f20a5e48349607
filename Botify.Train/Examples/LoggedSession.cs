namespace Botify.Train.Examples;

/// <summary>
/// One listening session rebuilt from the event log (<see cref="SessionRebuilder"/>): the tracks in the order
/// heard with the share heard of each. The first entry is the starting track (reported with time 1.0).
/// </summary>
public sealed record LoggedSession(int User, IReadOnlyList<int> Tracks, IReadOnlyList<float> Times, bool Ended)
{
    /// <summary>
    /// Per track, true when no recommender's ranking chose it: the first track (the listener's own) and tracks
    /// drawn at random. Empty when unknown (all chosen).
    /// </summary>
    public IReadOnlyList<bool> Unchosen { get; init; } = [];

    /// <summary>True when track <paramref name="i"/> was not chosen by a recommender's ranking.</summary>
    public bool IsUnchosen(int i) => i == 0 || (i < Unchosen.Count && Unchosen[i]);
}
