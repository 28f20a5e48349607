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

/// <summary>
/// Ids in a sorted span are excluded (played and stale tracks); lookup is a binary search over the
/// span, compiled for <see cref="int"/> (<see cref="Array.BinarySearch(Array, int, int, object)"/>'s
/// overloads go through a comparer that is not inlined, a few percent of the API's search).
/// </summary>
public readonly struct ExcludeSorted(int[] sorted, int count) : ISearchFilter
{
    public bool IsAllowed(int id) => count == 0 || sorted.AsSpan(0, count).BinarySearch(id) < 0;

    public int ExcludedCount => count;
}
