namespace Botify.Api.Memory;

/// <summary>The memory when <c>ListenerMemory:Enabled</c> is false: remembers nothing, forgets at once.</summary>
internal sealed class NoListenerMemory : IListenerMemory
{
    public static NoListenerMemory Instance { get; } = new();

    public ValueTask<IReadOnlyList<PastSession>> ReadAsync(int user, CancellationToken cancellationToken) => ValueTask.FromResult<IReadOnlyList<PastSession>>([]);

    public ValueTask AppendAsync(int user, PastSession session, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public Task AppendManyAsync(IEnumerable<(int User, PastSession Session)> sessions, CancellationToken cancellationToken) => Task.CompletedTask;

    public ValueTask ForgetAsync(int user, long atMs, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public ValueTask<IReadOnlyDictionary<int, long>> ForgottenAsync(CancellationToken cancellationToken) => ValueTask.FromResult<IReadOnlyDictionary<int, long>>(new Dictionary<int, long>());

    public ValueTask<bool> NeedsRebuildAsync(CancellationToken cancellationToken) => ValueTask.FromResult(false);

    public ValueTask RebuiltAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
