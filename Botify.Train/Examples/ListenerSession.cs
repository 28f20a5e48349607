namespace Botify.Train.Examples;

/// <summary>
/// One listening session rebuilt from the log: the tracks in the order heard with the share heard
/// of each. The first entry is the starting track (reported with time 1.0).
/// </summary>
public sealed record ListenerSession(int User, IReadOnlyList<int> Tracks, IReadOnlyList<float> Times, bool Ended);
