namespace Botify.Train.Rollout;

/// <summary>One replica's line of a roll-out report.</summary>
/// <param name="Replica">The replica's gRPC address.</param>
/// <param name="OldVersion">The version it served before; "(none)" when cold, null when it was not reached.</param>
/// <param name="NewVersion">The version it serves after, as last seen; null when it was not reached.</param>
/// <param name="Outcome">How it was left.</param>
/// <param name="StartedAt">When its first call was made.</param>
/// <param name="FinishedAt">When its last check answered.</param>
/// <param name="Elapsed">Time spent on it.</param>
/// <param name="Error">For a failure: the replica's address, the step and what was wrong; otherwise null.</param>
internal sealed record ReplicaResult(
    ReplicaAddress Replica,
    string? OldVersion,
    string? NewVersion,
    ReplicaOutcome Outcome,
    DateTimeOffset StartedAt,
    DateTimeOffset FinishedAt,
    TimeSpan Elapsed,
    string? Error);
