namespace Botify.Index.Hnsw;

/// <summary>
/// Ids to exclude from one search at a time (a session's played and stale tracks), one bit per id of
/// the graph, reused from search to search: adding an id or clearing it again is one write, and the
/// search's lookup (<see cref="ExcludeMarked"/>) one load and a bit test, where a sorted array cost
/// mispredicted branches (docs/index.md). Not thread-safe: one per thread, as the search's scratch.
/// </summary>
public sealed class ExclusionSet
{
    private ulong[] _bits = [];
    private int[] _added = new int[64];
    private int _count;

    /// <summary>Distinct ids added since the last <see cref="Clear"/>.</summary>
    public int Count => _count;

    /// <summary>The filter over the ids added so far; valid until the set next changes.</summary>
    public ExcludeMarked Filter => new(_bits, _count);

    /// <summary>Makes room for ids 0..<paramref name="ids"/>-1 and empties the set.</summary>
    public void Reset(int ids)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(ids);
        Clear();
        var words = (ids + 63) >> 6;
        if (_bits.Length < words)
        {
            _bits = new ulong[words];
        }
    }

    /// <summary>
    /// Excludes <paramref name="id"/>. Ids outside the range given to <see cref="Reset"/> are not in
    /// the graph, so no search can return them: they are ignored, as is an id added twice.
    /// </summary>
    public void Add(int id)
    {
        if ((uint)id >= (uint)(_bits.Length << 6))
        {
            return;
        }

        ref var word = ref _bits[id >> 6];
        var bit = 1UL << id;
        if ((word & bit) != 0)
        {
            return;
        }

        word |= bit;
        if (_count == _added.Length)
        {
            Array.Resize(ref _added, _count * 2);
        }

        _added[_count++] = id;
    }

    /// <summary>Empties the set, touching only the words its ids set.</summary>
    public void Clear()
    {
        foreach (var id in _added.AsSpan(0, _count))
        {
            _bits[id >> 6] = 0;
        }

        _count = 0;
    }
}
