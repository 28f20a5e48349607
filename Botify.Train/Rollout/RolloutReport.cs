namespace Botify.Train.Rollout;

/// <summary>What a roll-out did, one line per replica in the order they were visited.</summary>
internal sealed record RolloutReport(string ExpectedVersion, string ReloadPath, IReadOnlyList<ReplicaResult> Replicas)
{
    /// <summary>True when every replica serves the expected version.</summary>
    public bool Succeeded => Replicas.All(r => r.Outcome is ReplicaOutcome.Rolled or ReplicaOutcome.AlreadyServing);

    /// <summary>The replica the roll-out stopped on, if any.</summary>
    public ReplicaResult? Failure => Replicas.FirstOrDefault(r => r.Outcome == ReplicaOutcome.Failed);
}
