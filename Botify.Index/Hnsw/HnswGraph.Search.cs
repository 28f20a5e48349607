using System.Runtime.CompilerServices;

namespace Botify.Index.Hnsw;

public sealed partial class HnswGraph
{
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
    /// <param name="hits">Receives the results, best first.</param>
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

        var scratch = SearchScratch.ForCurrentThread(Count, _m0 + 1);
        var entry = GreedyDescend(query, _entryPoint, _maxLevel, 0, concurrent: false, ref visited);
        SearchLayer(query, entry, Math.Max(ef, k) + filter.ExcludedCount, 0, filter, scratch, concurrent: false, ref visited);

        var results = scratch.Results;
        while (results.Count > k)
        {
            results.Pop();
        }

        var found = results.Count;
        for (var i = found - 1; i >= 0; i--)
        {
            var best = results.Pop();
            hits[i] = new SearchHit(best.Id, -best.Distance);
        }

        return found;
    }

    /// <summary>Walks down from <paramref name="fromLevel"/> to just above <paramref name="toLevel"/>, always moving to a closer neighbour.</summary>
    private Neighbor GreedyDescend(ReadOnlySpan<float> query, int entry, int fromLevel, int toLevel, bool concurrent, ref int visited)
    {
        var current = entry;
        var currentDistance = Distance(query, current);
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
                    var distance = Distance(query, candidate);
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
    /// The beam search of one layer (Algorithm 2 of the paper). Leaves up to <paramref name="ef"/>
    /// allowed nodes in <c>scratch.Results</c> (farthest on top).
    /// </summary>
    private void SearchLayer<TFilter>(ReadOnlySpan<float> query, Neighbor entry, int ef, int level, TFilter filter, SearchScratch scratch, bool concurrent, ref int visited)
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
        while (candidates.Count > 0)
        {
            var current = candidates.Top;
            if (current.Distance > bound && results.Count >= ef)
            {
                break;
            }

            candidates.Pop();
            var links = ReadLinks(current.Id, level, copy, concurrent);
            // Two passes: first mark the unvisited neighbours and start loading their vectors, then
            // score them. The loads of the whole batch overlap instead of stalling one by one.
            var fresh = 0;
            foreach (var id in links)
            {
                if (scratch.TryVisit(id))
                {
                    pending[fresh++] = id;
                    Prefetch(id);
                }
            }

            for (var i = 0; i < fresh; i++)
            {
                var id = pending[i];
                var distance = Distance(query, id);
                visited++;
                if (results.Count < ef || distance < bound)
                {
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
