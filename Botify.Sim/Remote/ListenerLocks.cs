using System.Collections.Concurrent;

namespace Botify.Sim.Remote;

/// <summary>
/// One gate per listener: the recommender keeps session state per listener, so two concurrent sessions
/// of one listener would interleave their Next calls into one server-side session.
/// </summary>
internal sealed class ListenerLocks : IDisposable
{
    private readonly ConcurrentDictionary<int, SemaphoreSlim> _gates = new();

    public async ValueTask<Releaser> EnterAsync(int user, CancellationToken cancellationToken)
    {
        var gate = _gates.GetOrAdd(user, static _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        return new Releaser(gate);
    }

    public void Dispose()
    {
        foreach (var gate in _gates.Values)
        {
            gate.Dispose();
        }
    }

    internal readonly struct Releaser(SemaphoreSlim gate) : IDisposable
    {
        public void Dispose() => gate.Release();
    }
}
