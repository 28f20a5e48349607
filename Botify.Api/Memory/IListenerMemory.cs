namespace Botify.Api.Memory;

/// <summary>
/// Where listeners' past sessions live (DESIGN.md "Listener memory"): this process for one replica, Redis for
/// many, chosen with the session store (<c>Sessions:Store</c>). Bounded per listener by
/// <see cref="ListenerMemoryOptions.MaxSessions"/> and <see cref="ListenerMemoryOptions.Ttl"/>.
/// </summary>
internal interface IListenerMemory
{
    /// <summary>The listener's remembered sessions, oldest first; empty when none (or the memory is off).</summary>
    ValueTask<IReadOnlyList<PastSession>> ReadAsync(int user, CancellationToken cancellationToken);

    /// <summary>Remembers an ended session, dropping the oldest past the bound.</summary>
    ValueTask AppendAsync(int user, PastSession session, CancellationToken cancellationToken);

    /// <summary>Remembers many ended sessions at once (the rebuild): a shared store sends them in pipelined batches.</summary>
    Task AppendManyAsync(IEnumerable<(int User, PastSession Session)> sessions, CancellationToken cancellationToken);

    /// <summary>Removes everything remembered of the listener and records that they asked, so a rebuild from the log leaves them out.</summary>
    ValueTask ForgetAsync(int user, long atMs, CancellationToken cancellationToken);

    /// <summary>Listeners forgotten so far and when (Unix ms): a rebuild skips their events up to that time.</summary>
    ValueTask<IReadOnlyDictionary<int, long>> ForgottenAsync(CancellationToken cancellationToken);

    /// <summary>
    /// True when this replica should rebuild: nothing remembered yet (a new replica, a new deployment). A shared
    /// store also claims the rebuild, so replicas starting together replay the log once, not once each.
    /// </summary>
    ValueTask<bool> NeedsRebuildAsync(CancellationToken cancellationToken);

    /// <summary>Marks the rebuild done (a shared store: later replicas skip it).</summary>
    ValueTask RebuiltAsync(CancellationToken cancellationToken);
}
