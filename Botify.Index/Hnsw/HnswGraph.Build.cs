using System.Diagnostics;

namespace Botify.Index.Hnsw;

public sealed partial class HnswGraph
{
    // Build-time only: one spin lock per node guards its link lists; the global lock guards the
    // entry point and is held for a whole insertion that raises the top level (as hnswlib does).
    private int[]? _nodeLocks;
    private readonly Lock _entryLock = new();

    /// <summary>
    /// Builds a graph over <paramref name="count"/> vectors of <paramref name="dimension"/> floats
    /// stored row after row in <paramref name="vectors"/> (kept, not copied). Nodes are inserted in
    /// id order on <see cref="HnswParameters.Threads"/> threads; with one thread the graph depends
    /// only on the data and the seed.
    /// </summary>
    /// <param name="vectors">The vectors; the graph keeps this array.</param>
    /// <param name="count">Number of vectors.</param>
    /// <param name="dimension">Floats per vector.</param>
    /// <param name="parameters">M, efConstruction, seed and threads.</param>
    /// <param name="progress">Receives the number of nodes inserted, now and then.</param>
    /// <param name="cancellationToken">Stops the build.</param>
    public static HnswGraph Build(float[] vectors, int count, int dimension, HnswParameters parameters, IProgress<int>? progress = null, CancellationToken cancellationToken = default) =>
        Build(vectors, count, dimension, parameters, insertionOrder: null, progress, cancellationToken);

    /// <summary>
    /// Builds a graph inserting the nodes in <paramref name="insertionOrder"/> (node <c>insertionOrder[r]</c>
    /// r-th, drawing its level r-th): the graph of vectors stored in another order is then the graph
    /// their build in that order would make, with its nodes renumbered. Null: id order. The caller
    /// passes a permutation of the node ids (<see cref="Mips.InnerProductIndex"/> does).
    /// </summary>
    internal static HnswGraph Build(float[] vectors, int count, int dimension, HnswParameters parameters, int[]? insertionOrder, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(vectors);
        ArgumentNullException.ThrowIfNull(parameters);
        parameters.Validate();
        if ((long)count * dimension > vectors.Length)
        {
            throw new ArgumentException($"vectors holds {vectors.Length} floats, fewer than count x dimension = {(long)count * dimension}", nameof(vectors));
        }

        if (insertionOrder is not null && insertionOrder.Length != count)
        {
            throw new ArgumentException($"insertionOrder names {insertionOrder.Length} nodes, the graph has {count}", nameof(insertionOrder));
        }

        var drawn = DrawLevels(count, parameters.M, parameters.Seed);
        var levels = drawn;
        if (insertionOrder is not null)
        {
            levels = new byte[count];
            for (var rank = 0; rank < count; rank++)
            {
                levels[insertionOrder[rank]] = drawn[rank];
            }
        }

        var graph = new HnswGraph(vectors, count, dimension, parameters, levels);
        if (count == 0)
        {
            return graph;
        }

        var stopwatch = Stopwatch.StartNew();
        graph._nodeLocks = new int[count];
        graph._entryPoint = insertionOrder?[0] ?? 0;
        graph._maxLevel = graph._levels[graph._entryPoint];
        var threads = parameters.Threads == 0 ? Environment.ProcessorCount : parameters.Threads;
        var inserted = 1;
        if (threads == 1)
        {
            for (var rank = 1; rank < count; rank++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                graph.Insert(insertionOrder?[rank] ?? rank);
                if ((rank & 0x3FFF) == 0)
                {
                    progress?.Report(rank);
                }
            }
        }
        else
        {
            Parallel.For(1, count, new ParallelOptions { MaxDegreeOfParallelism = threads, CancellationToken = cancellationToken }, rank =>
            {
                graph.Insert(insertionOrder?[rank] ?? rank);
                var done = Interlocked.Increment(ref inserted);
                if ((done & 0x3FFF) == 0)
                {
                    progress?.Report(done);
                }
            });
        }

        progress?.Report(count);
        graph._nodeLocks = null;
        graph.BuildSeconds = stopwatch.Elapsed.TotalSeconds;
        return graph;
    }

    /// <summary>Seconds the build took (or the load, for a graph read from a file).</summary>
    public double BuildSeconds { get; private set; }

    private void Insert(int id)
    {
        var level = (int)_levels[id];
        var scratch = SearchScratch.ForCurrentThread(Count, _m0 + 1, Dimension);
        var scorer = new ExactScorer(_vectors, Dimension, _vectors, id * Dimension);

        _entryLock.Enter();
        var entry = _entryPoint;
        var maxLevel = _maxLevel;
        var raisesTop = level > maxLevel;
        if (!raisesTop)
        {
            _entryLock.Exit();
        }

        try
        {
            var visited = 0;
            var nearest = GreedyDescend(scorer, entry, maxLevel, level, concurrent: true, ref visited);
            for (var layer = Math.Min(level, maxLevel); layer >= 0; layer--)
            {
                SearchLayerForInsert(scorer, nearest, Parameters.EfConstruction, layer, scratch, ref visited);
                nearest = Connect(id, layer, scratch);
            }

            if (raisesTop)
            {
                _entryPoint = id;
                _maxLevel = level;
            }
        }
        finally
        {
            if (raisesTop)
            {
                _entryLock.Exit();
            }
        }
    }

    /// <summary>
    /// Links a new node to the heuristic selection of its nearest nodes on one layer, and each of
    /// them back to it, shrinking a full list with the same heuristic. Returns the nearest node, the
    /// entry point for the layer below.
    /// </summary>
    private Neighbor Connect(int id, int level, SearchScratch scratch)
    {
        var sorted = scratch.Sorted;
        sorted.Clear();
        var results = scratch.Results;
        while (results.Count > 0)
        {
            var found = results.Pop();
            if (found.Id != id)
            {
                sorted.Add(found);
            }
        }

        sorted.Reverse();
        var nearest = sorted[0];
        var selection = scratch.Selection;
        SelectNeighbors(sorted, _m, selection, scratch.PassedOver);

        Lock(id);
        var own = LinkList(id, level);
        own[0] = selection.Count;
        for (var i = 0; i < selection.Count; i++)
        {
            own[i + 1] = selection[i].Id;
        }

        Unlock(id);

        var capacity = level == 0 ? _m0 : _m;
        foreach (var neighbor in selection)
        {
            Lock(neighbor.Id);
            try
            {
                var list = LinkList(neighbor.Id, level);
                var count = list[0];
                if (count < capacity)
                {
                    list[count + 1] = id;
                    list[0] = count + 1;
                    continue;
                }

                var candidates = scratch.PruneCandidates;
                candidates.Clear();
                candidates.Add(new Neighbor(neighbor.Distance, id));
                for (var i = 1; i <= count; i++)
                {
                    candidates.Add(new Neighbor(Distance(neighbor.Id, list[i]), list[i]));
                }

                candidates.Sort(static (a, b) => a.Distance.CompareTo(b.Distance));
                var kept = scratch.PruneSelection;
                SelectNeighbors(candidates, capacity, kept, scratch.PassedOver);
                list[0] = kept.Count;
                for (var i = 0; i < kept.Count; i++)
                {
                    list[i + 1] = kept[i].Id;
                }
            }
            finally
            {
                Unlock(neighbor.Id);
            }
        }

        return nearest;
    }

    /// <summary>
    /// The neighbour-selection heuristic (Algorithm 4): walk candidates nearest first and keep one
    /// only when it is nearer to the base than to every node already kept. This keeps links that
    /// point in different directions, which is what lets a greedy walk cross between clusters. Then,
    /// as the paper's <c>keepPrunedConnections</c> option, the list is filled up to
    /// <paramref name="max"/> with the nearest candidates the heuristic passed over. Under inner
    /// product the heuristic alone keeps few links: a long vector has a high inner product with nearly
    /// everything, so once one is kept it vetoes most of the rest; filled lists reach the same recall
    /// with fewer visits (docs/index.md#the-graph).
    /// </summary>
    private void SelectNeighbors(List<Neighbor> ascending, int max, List<Neighbor> selected, List<Neighbor> passedOver)
    {
        selected.Clear();
        passedOver.Clear();
        if (ascending.Count <= max)
        {
            selected.AddRange(ascending);
            return;
        }

        foreach (var candidate in ascending)
        {
            if (selected.Count >= max)
            {
                break;
            }

            var keep = true;
            foreach (var kept in selected)
            {
                if (Distance(candidate.Id, kept.Id) < candidate.Distance)
                {
                    keep = false;
                    break;
                }
            }

            (keep ? selected : passedOver).Add(candidate);
        }

        // Nearest first, as they came.
        for (var i = 0; i < passedOver.Count && selected.Count < max; i++)
        {
            selected.Add(passedOver[i]);
        }
    }

    private void Lock(int id)
    {
        var locks = _nodeLocks!;
        if (Interlocked.CompareExchange(ref locks[id], 1, 0) == 0)
        {
            return;
        }

        var spinner = default(SpinWait);
        while (Interlocked.CompareExchange(ref locks[id], 1, 0) != 0)
        {
            spinner.SpinOnce();
        }
    }

    private void Unlock(int id) => Volatile.Write(ref _nodeLocks![id], 0);
}
