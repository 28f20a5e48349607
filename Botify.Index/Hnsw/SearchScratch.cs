namespace Botify.Index.Hnsw;

/// <summary>
/// Per-thread working memory of a search or an insertion: a visited set stamped with a generation
/// counter (so it is never cleared between queries) and the two heaps. One lives per thread and
/// grows to the largest graph it has served; queries allocate nothing.
/// </summary>
internal sealed class SearchScratch
{
    [ThreadStatic]
    private static SearchScratch? _current;

    private int[] _visited = [];
    private int _generation;

    public NeighborHeap<NearestFirst> Candidates { get; } = new(256);

    public NeighborHeap<FarthestFirst> Results { get; } = new(256);

    /// <summary>Scratch for copying a neighbour list while holding a node's lock.</summary>
    public int[] Links { get; private set; } = new int[64];

    /// <summary>Unvisited neighbours of the node being expanded, scored after their vectors are prefetched.</summary>
    public int[] Pending { get; private set; } = new int[64];

    /// <summary>Scratch for neighbour selection.</summary>
    public List<Neighbor> Selection { get; } = new(64);

    public List<Neighbor> Sorted { get; } = new(256);

    /// <summary>Scratch for shrinking a full neighbour list.</summary>
    public List<Neighbor> PruneCandidates { get; } = new(64);

    public List<Neighbor> PruneSelection { get; } = new(64);

    public static SearchScratch ForCurrentThread(int nodes, int linkCapacity)
    {
        var scratch = _current ??= new SearchScratch();
        scratch.Prepare(nodes, linkCapacity);
        return scratch;
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

    public void NewQuery()
    {
        if (++_generation == int.MaxValue)
        {
            Array.Clear(_visited);
            _generation = 1;
        }
    }

    private void Prepare(int nodes, int linkCapacity)
    {
        if (_visited.Length < nodes)
        {
            _visited = new int[nodes];
            _generation = 0;
        }

        if (Links.Length < linkCapacity)
        {
            Links = new int[linkCapacity];
            Pending = new int[linkCapacity];
        }
    }
}
