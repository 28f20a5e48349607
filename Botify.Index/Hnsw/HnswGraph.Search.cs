using System.Runtime.CompilerServices;

namespace Botify.Index.Hnsw;

public sealed partial class HnswGraph
{
    private QuantizedVectors? _codes;

    /// <summary>
    /// Whether searches walk the graph on 8-bit codes of the vectors (and rescore what they found with
    /// the exact floats) rather than on the floats themselves. Turning it on codes the vectors once
    /// (65 bytes a node for d = 64: one line and a byte of bias); set it before the graph serves searches. Vectors of fewer
    /// than 16 floats are never coded. The index benchmark measures both walks.
    /// </summary>
    public bool QuantizedWalk
    {
        get => _codes is not null;
        set
        {
            if (!value)
            {
                _codes = null;
            }
            else if (_codes is null && QuantizedVectors.Supports(Dimension))
            {
                _codes = QuantizedVectors.Build(_vectors.AsSpan(0, Count * Dimension), Count, Dimension);
            }
        }
    }

    /// <summary>
    /// Finds the <paramref name="k"/> allowed nodes with the highest inner product with
    /// <paramref name="query"/>, best first. Excluded nodes are still walked through (they keep the
    /// graph connected) but never enter the results, so k allowed results come back whenever k exist
    /// among the reachable nodes.
    /// </summary>
    /// <param name="query">A vector of <see cref="Dimension"/> floats.</param>
    /// <param name="k">Results wanted; <paramref name="hits"/> must hold at least this many.</param>
    /// <param name="ef">Search breadth; at least k is used, widened by the filter's excluded count.</param>
    /// <param name="filter">Which ids may be returned.</param>
    /// <param name="hits">Receives the results, best first, with exact scores.</param>
    /// <param name="visited">Nodes whose distance was computed.</param>
    /// <returns>The number of hits written.</returns>
    public int Search<TFilter>(ReadOnlySpan<float> query, int k, int ef, TFilter filter, Span<SearchHit> hits, out int visited)
        where TFilter : struct, ISearchFilter
    {
        if (query.Length != Dimension)
        {
            throw new ArgumentException($"query has {query.Length} floats, the graph {Dimension}", nameof(query));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        if (hits.Length < k)
        {
            throw new ArgumentException($"hits holds {hits.Length}, fewer than k = {k}", nameof(hits));
        }

        visited = 0;
        if (Count == 0)
        {
            return 0;
        }

        var scratch = SearchScratch.ForCurrentThread(Count, _m0 + 1, Dimension);
        var breadth = Math.Max(ef, k) + filter.ExcludedCount;
        var exact = new ExactScorer(_vectors, Dimension, scratch.Query, 0);
        query.CopyTo(scratch.Query);
        var codes = _codes;
        if (codes is null)
        {
            Walk(exact, breadth, filter, scratch, ref visited);
            return TakeBest(scratch.Results, k, hits);
        }

        codes.PrepareQuery(query, scratch.ScaledQuery);
        Walk(new CodeScorer(codes, scratch.ScaledQuery), breadth, filter, scratch, ref visited);
        Rescore(exact, scratch, k);
        return TakeBest(scratch.Best, k, hits);
    }

    /// <summary>Descends the upper layers greedily, then beam-searches layer 0; the results are left in <c>scratch.Results</c>.</summary>
    private void Walk<TScorer, TFilter>(TScorer scorer, int breadth, TFilter filter, SearchScratch scratch, ref int visited)
        where TScorer : struct, INodeScorer
        where TFilter : struct, ISearchFilter
    {
        var entry = GreedyDescend(scorer, _entryPoint, _maxLevel, 0, concurrent: false, ref visited);
        SearchLayer(scorer, entry, breadth, 0, filter, scratch, concurrent: false, ref visited);
    }

    /// <summary>
    /// Scores the walk's best results again with the exact vectors and keeps the best k in
    /// <c>scratch.Best</c>. The codes' ranking is close but not exact: the true top k sit among the
    /// first few k of it, so only the best <see cref="RescoreCount"/> are read as floats (each read is
    /// five cache lines from anywhere in memory; rescoring all ef of them was an eighth of a search).
    /// </summary>
    private static void Rescore(ExactScorer exact, SearchScratch scratch, int k)
    {
        var results = scratch.Results;
        var keep = RescoreCount(k);
        while (results.Count > keep)
        {
            results.Pop();
        }

        var ids = scratch.RescoreIds(results.Count);
        var count = 0;
        while (results.Count > 0)
        {
            var id = results.Pop().Id;
            ids[count++] = id;
            exact.Prefetch(id);
        }

        var best = scratch.Best;
        best.Clear();
        for (var i = 0; i < count; i++)
        {
            var distance = exact.Distance(ids[i]);
            if (best.Count < k)
            {
                best.Push(distance, ids[i]);
            }
            else if (distance < best.Top.Distance)
            {
                best.ReplaceTop(distance, ids[i]);
            }
        }
    }

    /// <summary>How many of a quantized walk's results are rescored for a top <paramref name="k"/>.</summary>
    internal static int RescoreCount(int k) => Math.Max(4 * k, 32);

    /// <summary>Writes the k nearest of <paramref name="heap"/> to <paramref name="hits"/>, best first, emptying the heap.</summary>
    private static int TakeBest(NeighborHeap<FarthestFirst> heap, int k, Span<SearchHit> hits)
    {
        while (heap.Count > k)
        {
            heap.Pop();
        }

        var found = heap.Count;
        for (var i = found - 1; i >= 0; i--)
        {
            var best = heap.Pop();
            hits[i] = new SearchHit(best.Id, -best.Distance);
        }

        return found;
    }

    /// <summary>Walks down from <paramref name="fromLevel"/> to just above <paramref name="toLevel"/>, always moving to a closer neighbour.</summary>
    private Neighbor GreedyDescend<TScorer>(TScorer scorer, int entry, int fromLevel, int toLevel, bool concurrent, ref int visited)
        where TScorer : struct, INodeScorer
    {
        var current = entry;
        var currentDistance = scorer.Distance(current);
        visited++;
        Span<int> copy = concurrent ? stackalloc int[_m + 1] : default;
        for (var level = fromLevel; level > toLevel; level--)
        {
            var changed = true;
            while (changed)
            {
                changed = false;
                var links = ReadLinks(current, level, copy, concurrent);
                foreach (var candidate in links)
                {
                    var distance = scorer.Distance(candidate);
                    visited++;
                    if (distance < currentDistance)
                    {
                        currentDistance = distance;
                        current = candidate;
                        changed = true;
                    }
                }
            }
        }

        return new Neighbor(currentDistance, current);
    }

    /// <summary>
    /// The beam search of one layer (Algorithm 2 of the paper), shaped for the CPU: in a search a
    /// visit costs about as much in mispredicted branches as in memory. Each expansion runs in three
    /// passes: mark the unvisited neighbours without a branch (<see cref="SearchScratch.MarkUnvisited"/>)
    /// and start loading their vectors, so the loads of the whole batch overlap; score them all, a loop
    /// with no branch; then offer the scores to the heaps. Leaves up to <paramref name="ef"/> allowed
    /// nodes in <c>scratch.Results</c> (farthest on top).
    /// </summary>
    private void SearchLayer<TScorer, TFilter>(TScorer scorer, Neighbor entry, int ef, int level, TFilter filter, SearchScratch scratch, bool concurrent, ref int visited)
        where TScorer : struct, INodeScorer
        where TFilter : struct, ISearchFilter
    {
        var candidates = scratch.Candidates;
        var results = scratch.Results;
        candidates.Clear();
        results.Clear();
        scratch.NewQuery();

        scratch.TryVisit(entry.Id);
        candidates.Push(entry.Distance, entry.Id);
        if (filter.IsAllowed(entry.Id))
        {
            results.Push(entry.Distance, entry.Id);
        }

        var bound = results.Count > 0 ? results.Top.Distance : float.PositiveInfinity;
        var copy = concurrent ? scratch.Links.AsSpan() : default;
        var pending = scratch.Pending;
        var distances = scratch.PendingDistances;
        while (candidates.Count > 0)
        {
            var current = candidates.Top;
            if (current.Distance > bound && results.Count >= ef)
            {
                break;
            }

            candidates.Pop();
            if (candidates.Count > 0)
            {
                // The next node to expand is most likely the best one left: start loading its links now,
                // so that load overlaps the scoring of this node's neighbours instead of following it.
                PrefetchLinks(candidates.Top.Id, level);
            }

            var fresh = scratch.MarkUnvisited(ReadLinks(current.Id, level, copy, concurrent), pending);
            for (var i = 0; i < fresh; i++)
            {
                scorer.Prefetch(pending[i]);
            }

            for (var i = 0; i < fresh; i++)
            {
                distances[i] = scorer.Distance(pending[i]);
            }

            visited += fresh;
            for (var i = 0; i < fresh; i++)
            {
                var distance = distances[i];
                if (distance < bound || results.Count < ef)
                {
                    var id = pending[i];
                    candidates.Push(distance, id);
                    if (filter.IsAllowed(id))
                    {
                        if (results.Count < ef)
                        {
                            results.Push(distance, id);
                        }
                        else
                        {
                            results.ReplaceTop(distance, id);
                        }

                        bound = results.Top.Distance;
                    }
                }
            }
        }
    }

    /// <summary>Starts loading a node's link list on <paramref name="level"/> (layer 0 only: the upper layers are small).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void PrefetchLinks(int id, int level)
    {
        if (level == 0)
        {
            CacheLines.Prefetch(ref _layer0[id * (_m0 + 1)], (_m0 + 1) * sizeof(int));
        }
    }

    /// <summary>
    /// The links of a node. After the build the graph is immutable and the list is read in place;
    /// during a parallel build it is copied under the node's lock.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ReadOnlySpan<int> ReadLinks(int id, int level, Span<int> copy, bool concurrent)
    {
        var list = LinkList(id, level);
        if (!concurrent)
        {
            return list.Slice(1, list[0]);
        }

        Lock(id);
        var count = list[0];
        list.Slice(1, count).CopyTo(copy);
        Unlock(id);
        return copy[..count];
    }
}
