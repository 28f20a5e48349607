using System.Collections.Concurrent;
using Grpc.Core;

namespace Botify.Benchmarks.Faults;

/// <summary>What a phase of <see cref="RememberingListeners"/> saw: calls, failures by status, sessions ended, first calls by source.</summary>
internal sealed class SessionTally
{
    private readonly ConcurrentDictionary<string, long> _failures = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _firstSources = new(StringComparer.Ordinal);
    private long _calls;
    private long _sessions;

    /// <summary>Calls sent, failed ones included.</summary>
    public long Calls => Interlocked.Read(ref _calls);

    /// <summary>Sessions whose <c>Last</c> was answered.</summary>
    public long Sessions => Interlocked.Read(ref _sessions);

    public IReadOnlyDictionary<string, long> Failures => _failures;

    public long FailedCalls => _failures.Values.Sum();

    /// <summary>Answered first calls of a session (the tallied ones) by the source the API named.</summary>
    public IReadOnlyDictionary<string, long> FirstSources => _firstSources;

    public long FirstCalls => _firstSources.Values.Sum();

    /// <summary>Answered first calls whose source is one <paramref name="source"/> accepts.</summary>
    public long FirstCallsFrom(Func<string, bool> source) => _firstSources.Where(pair => source(pair.Key)).Sum(pair => pair.Value);

    public void Call() => Interlocked.Increment(ref _calls);

    public void SessionPlayed() => Interlocked.Increment(ref _sessions);

    public void FirstCall(string source) => _firstSources.AddOrUpdate(source, 1, (_, count) => count + 1);

    public void Failed(StatusCode status) => _failures.AddOrUpdate(status.ToString(), 1, (_, count) => count + 1);
}
