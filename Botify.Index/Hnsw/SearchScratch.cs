using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Botify.Index.Hnsw;

/// <summary>
/// Per-thread working memory of a search or an insertion: a visited set stamped with a generation
/// counter (so it is rarely cleared between queries), the heaps and the query copies. One lives per
/// thread and grows to the largest graph it has served; queries allocate nothing.
/// </summary>
internal sealed class SearchScratch
{
    [ThreadStatic]
    private static SearchScratch? _current;

    // One byte a node: at a million nodes the set is 1 MB and stays in cache far better than 4 bytes a
    // node would; the price is a clear every 255 queries.
    private byte[] _visited = [];
    private byte _generation;

    public NeighborHeap<NearestFirst> Candidates { get; } = new(256);

    public NeighborHeap<FarthestFirst> Results { get; } = new(256);

    /// <summary>The k best after rescoring a quantized walk's results.</summary>
    public NeighborHeap<FarthestFirst> Best { get; } = new(16);

    /// <summary>The query, copied so a scorer can hold it in a field (at least as long as the graph's vectors).</summary>
    public float[] Query { get; private set; } = [];

    /// <summary>The query multiplied by the code scales (<see cref="QuantizedVectors.QueryLength"/> floats).</summary>
    public float[] ScaledQuery { get; private set; } = [];

    /// <summary>Scratch for copying a neighbour list while holding a node's lock.</summary>
    public int[] Links { get; private set; } = new int[64];

    /// <summary>Unvisited neighbours of the node being expanded, scored after their vectors are prefetched.</summary>
    public int[] Pending { get; private set; } = new int[64];

    /// <summary>The link slot each of <see cref="Pending"/> was read from.</summary>
    public int[] PendingSlots { get; private set; } = new int[64];

    /// <summary>The distances of <see cref="Pending"/>, scored before any is offered to the heaps.</summary>
    public float[] PendingDistances { get; private set; } = new float[64];

    private int[] _rescore = new int[256];

    /// <summary>The nodes a search of layer 0 keeps, nearest first (see <see cref="PoolFor"/>).</summary>
    public PoolEntry[] Pool { get; private set; } = new PoolEntry[256];

    /// <summary>
    /// The distances of <see cref="Pool"/>'s nodes, in the same order, in an array of their own with a
    /// vector of slack at the end: a new node's place is counted sixteen distances a compare.
    /// </summary>
    public float[] PoolDistances { get; private set; } = new float[256 + PoolSlack];

    /// <summary>Floats of slack after the pool's distances, so a vector load from any place in the pool stays in the array.</summary>
    public const int PoolSlack = 16;

    /// <summary>Doubles the pool and its distances, keeping what they hold.</summary>
    public PoolEntry[] GrowPool()
    {
        var grown = new PoolEntry[Pool.Length * 2];
        Pool.CopyTo(grown, 0);
        var distances = new float[grown.Length + PoolSlack];
        PoolDistances.CopyTo(distances, 0);
        Pool = grown;
        PoolDistances = distances;
        return grown;
    }

    /// <summary>The pool, grown to hold <paramref name="breadth"/> nodes (its distances with it).</summary>
    public PoolEntry[] PoolFor(int breadth)
    {
        if (Pool.Length < breadth)
        {
            Pool = new PoolEntry[Math.Max(breadth, Pool.Length * 2)];
            PoolDistances = new float[Pool.Length + PoolSlack];
        }

        return Pool;
    }

    /// <summary>Scratch for neighbour selection.</summary>
    public List<Neighbor> Selection { get; } = new(64);

    public List<Neighbor> Sorted { get; } = new(256);

    /// <summary>Scratch for shrinking a full neighbour list.</summary>
    public List<Neighbor> PruneCandidates { get; } = new(64);

    public List<Neighbor> PruneSelection { get; } = new(64);

    /// <summary>Candidates the selection heuristic passed over, nearest first (they fill a list up to its size).</summary>
    public List<Neighbor> PassedOver { get; } = new(256);

    public static SearchScratch ForCurrentThread(int nodes, int linkCapacity, int dimension)
    {
        var scratch = _current ??= new SearchScratch();
        scratch.Prepare(nodes, linkCapacity, dimension);
        return scratch;
    }

    /// <summary>The ids of a walk's results, to rescore (grown as needed).</summary>
    public int[] RescoreIds(int count)
    {
        if (_rescore.Length < count)
        {
            _rescore = new int[Math.Max(count, _rescore.Length * 2)];
        }

        return _rescore;
    }

    public bool TryVisit(int id)
    {
        ref var stamp = ref _visited[id];
        if (stamp == _generation)
        {
            return false;
        }

        stamp = _generation;
        return true;
    }

    /// <summary>
    /// Marks <paramref name="ids"/> visited and writes the ones that were not to <paramref name="fresh"/>,
    /// and where in <paramref name="ids"/> each stood to <paramref name="slots"/>; returns how many. No
    /// branch on the stamps: each id is written to the next free place and the place advances only
    /// when the id was new, so the outcome, a coin toss late in a search, is never predicted. The loop
    /// reads and writes through references, checked once up front: with bounds checks and the spills
    /// they caused it took some twenty instructions a link, a search's largest cost beside scoring; it
    /// is not inlined, so the search's many live values do not push its own out of registers.
    /// </summary>
    /// <param name="ids">Node ids, each less than the node count the scratch was prepared for.</param>
    /// <param name="fresh">Receives the ids not visited before; at least as long as <paramref name="ids"/>.</param>
    /// <param name="slots">Receives each fresh id's index in <paramref name="ids"/>; as long as <paramref name="fresh"/>.</param>
    /// <param name="at">Where in <paramref name="fresh"/> and <paramref name="slots"/> to start writing.</param>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public int MarkUnvisited(ReadOnlySpan<int> ids, int[] fresh, int[] slots, int at = 0)
    {
        if (at < 0 || fresh.Length - at < ids.Length || slots.Length - at < ids.Length)
        {
            throw new ArgumentException($"{ids.Length} ids do not fit buffers of {Math.Min(fresh.Length, slots.Length)} from {at}", nameof(ids));
        }

        ref var visited = ref MemoryMarshal.GetArrayDataReference(_visited);
        ref var source = ref MemoryMarshal.GetReference(ids);
        ref var freshAt = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(fresh), at);
        ref var slotAt = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(slots), at);
        var generation = _generation;
        var count = 0;
        for (var i = 0; i < ids.Length; i++)
        {
            var id = Unsafe.Add(ref source, i);
            // A graph's links are checked against its node count when it is built or loaded.
            Debug.Assert((uint)id < (uint)_visited.Length, "link outside the visited set");
            ref var stamp = ref Unsafe.Add(ref visited, (uint)id);
            var isNew = stamp != generation;
            stamp = generation;
            Unsafe.Add(ref freshAt, count) = id;
            Unsafe.Add(ref slotAt, count) = i;
            count += isNew ? 1 : 0;
        }

        return count;
    }

    public void NewQuery()
    {
        if (++_generation == 0)
        {
            Array.Clear(_visited);
            _generation = 1;
        }
    }

    private void Prepare(int nodes, int linkCapacity, int dimension)
    {
        if (_visited.Length < nodes)
        {
            _visited = new byte[nodes];
            _generation = 0;
        }

        if (Links.Length < linkCapacity)
        {
            Links = new int[linkCapacity];
        }

        if (Pending.Length < 2 * linkCapacity)
        {
            // Room for two nodes' links: a search of layer 0 may expand two nodes at a time.
            Pending = new int[2 * linkCapacity];
            PendingDistances = new float[2 * linkCapacity];
            PendingSlots = new int[2 * linkCapacity];
        }

        if (Query.Length < dimension)
        {
            Query = new float[dimension];
            // A coded query is padded to whole blocks of the codes.
            ScaledQuery = new float[dimension + QuantizedVectors.Block];
        }
    }
}
