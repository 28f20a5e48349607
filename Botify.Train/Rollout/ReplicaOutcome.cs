namespace Botify.Train.Rollout;

/// <summary>How a roll-out left one replica.</summary>
internal enum ReplicaOutcome
{
    /// <summary>Reloaded: it reports the expected version and answers SERVING.</summary>
    Rolled,

    /// <summary>It served the expected version already and answers SERVING, so it was not reloaded (a re-run).</summary>
    AlreadyServing,

    /// <summary>A check failed on it; the roll-out stopped here.</summary>
    Failed,

    /// <summary>An earlier replica failed, so this one was not called and keeps its model.</summary>
    NotTouched,
}
