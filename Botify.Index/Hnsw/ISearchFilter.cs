namespace Botify.Index.Hnsw;

/// <summary>
/// Decides which ids may be returned. Search is generic over the filter struct so the JIT
/// specialises it: <see cref="AllowAll"/> costs nothing on the hot path.
/// </summary>
public interface ISearchFilter
{
    bool IsAllowed(int id);

    /// <summary>
    /// How many ids the filter may reject. The search sizes its pool for them: excluded nodes are
    /// walked and kept beside the breadth of allowed ones, never in their place (a filter that rejects
    /// more than it counts makes the pool grow).
    /// </summary>
    int ExcludedCount { get; }
}

/// <summary>Every id is allowed.</summary>
public readonly struct AllowAll : ISearchFilter
{
    public bool IsAllowed(int id) => true;

    public int ExcludedCount => 0;
}

/// <summary>The ids an <see cref="ExclusionSet"/> holds are excluded: a lookup is one load and a bit test.</summary>
public readonly struct ExcludeMarked : ISearchFilter
{
    private readonly ulong[] _bits;

    internal ExcludeMarked(ulong[] bits, int count)
    {
        _bits = bits;
        ExcludedCount = count;
    }

    public bool IsAllowed(int id) => (_bits[id >> 6] & (1UL << id)) == 0;

    public int ExcludedCount { get; }
}
