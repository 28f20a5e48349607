using Botify.Lab.Analysis;

namespace Botify.Benchmarks.ApiThroughput;

/// <summary>
/// What served a phase's <c>Next</c> calls, counted from each reply's <c>source</c> field (the client's view, not
/// the API's counters): <c>memory</c> (the listener's memory, no index call), <c>session</c> (the index),
/// <c>fallback:*</c>, and anything else by name.
/// </summary>
internal sealed class ReplySources
{
    public SortedDictionary<string, long> BySource { get; } = new(StringComparer.Ordinal);

    /// <summary>Next calls answered.</summary>
    public long Next => BySource.Values.Sum();

    public double MemoryShare => Share(SourceShares.IsMemory);

    public double FallbackShare => Share(SourceShares.IsFallback);

    /// <summary>Share neither from memory nor from the fallback: the index (<c>session</c>) and anything else.</summary>
    public double OtherShare => Share(source => !SourceShares.IsMemory(source) && !SourceShares.IsFallback(source));

    public void Add(IReadOnlyDictionary<string, long> counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        foreach (var (source, count) in counts)
        {
            BySource[source] = BySource.GetValueOrDefault(source) + count;
        }
    }

    /// <summary>"memory 97.10 %, session 2.90 %": every source seen, most first.</summary>
    public string Describe() => Next == 0
        ? "-"
        : string.Join(", ", BySource.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).Select(p => FormattableString.Invariant($"{p.Key} {p.Value / (double)Next:P2}")));

    private double Share(Func<string, bool> which) => Next == 0 ? 0 : BySource.Where(p => which(p.Key)).Sum(p => p.Value) / (double)Next;
}
