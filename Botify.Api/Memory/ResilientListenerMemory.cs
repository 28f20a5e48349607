using System.Diagnostics.Metrics;
using Botify.Api.Sessions;
using Botify.Api.Telemetry;

namespace Botify.Api.Memory;

/// <summary>
/// Wraps a shared memory store (Redis) so its outage never fails a call, as <see cref="SessionLessFallbackStore"/>
/// does for sessions: a failed read answers with no memory, a failed append is dropped; both are counted in
/// <c>botify_api_listener_memory_unavailable_total</c> per operation and warned at most every 10 s. Forgetting
/// and the rebuild are not absorbed: their callers must know.
/// </summary>
internal sealed class ResilientListenerMemory : IListenerMemory
{
    private readonly IListenerMemory _inner;
    private readonly ILogger<ResilientListenerMemory> _logger;
    private readonly LabelledCounter _unavailable = new("operation");
    private readonly WarningThrottle _warnings;

    public ResilientListenerMemory(IListenerMemory inner, IMeterFactory meters, TimeProvider time, ILogger<ResilientListenerMemory> logger)
    {
        ArgumentNullException.ThrowIfNull(meters);
        _inner = inner;
        _logger = logger;
        _warnings = new WarningThrottle(time, SessionLessFallbackStore.WarningInterval);
        meters.Create(ApiMetrics.MeterName).CreateObservableCounter(
            "botify.api.listener_memory.unavailable",
            _unavailable.Observe,
            "{call}",
            "Listener-memory reads answered with no memory and appends dropped because the shared store failed or missed its deadline, per operation");
    }

    /// <summary>Reads or appends that failed so far for <paramref name="operation"/> (<c>read</c>, <c>append</c>).</summary>
    public long Count(string operation) => _unavailable.Count(operation);

    public async ValueTask<IReadOnlyList<PastSession>> ReadAsync(int user, CancellationToken cancellationToken)
    {
        try
        {
            return await _inner.ReadAsync(user, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (SessionLessFallbackStore.Reason(e, cancellationToken) is { } reason)
        {
            Failed("read", reason, e);
            return [];
        }
    }

    public async ValueTask AppendAsync(int user, PastSession session, CancellationToken cancellationToken)
    {
        try
        {
            await _inner.AppendAsync(user, session, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (SessionLessFallbackStore.Reason(e, cancellationToken) is { } reason)
        {
            Failed("append", reason, e);
        }
    }

    /// <summary>The rebuild's writes are not absorbed: a rebuild that could not write must fail start-up, not report success.</summary>
    public Task AppendManyAsync(IEnumerable<(int User, PastSession Session)> sessions, CancellationToken cancellationToken) => _inner.AppendManyAsync(sessions, cancellationToken);

    public ValueTask ForgetAsync(int user, long atMs, CancellationToken cancellationToken) => _inner.ForgetAsync(user, atMs, cancellationToken);

    public ValueTask<IReadOnlyDictionary<int, long>> ForgottenAsync(CancellationToken cancellationToken) => _inner.ForgottenAsync(cancellationToken);

    public ValueTask<bool> NeedsRebuildAsync(CancellationToken cancellationToken) => _inner.NeedsRebuildAsync(cancellationToken);

    public ValueTask RebuiltAsync(CancellationToken cancellationToken) => _inner.RebuiltAsync(cancellationToken);

    private void Failed(string operation, string reason, Exception fault)
    {
        _unavailable.Add(operation);
        if (_warnings.Due(out var calls))
        {
            MemoryLog.Unavailable(_logger, operation, reason, fault.Message, calls);
        }
    }
}
