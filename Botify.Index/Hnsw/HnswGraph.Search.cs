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
    /// <param name="ef">
    /// Search breadth in allowed nodes; at least k is used. Excluded nodes do not take allowed
    /// nodes' places in the pool, so a filtered search keeps at least about the recall of an
    /// unfiltered one at the same breadth and costs only the excluded nodes it walks through more
    /// (docs/index.md gives the recall with and without exclusions).
    /// </param>
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
        var breadth = Math.Max(ef, k);
        var exact = new ExactScorer(_vectors, Dimension, scratch.Query, 0);
        query.CopyTo(scratch.Query);
        var codes = _codes;
        int pooled;
        if (codes is null)
        {
            pooled = Walk(exact, breadth, filter, scratch, ref visited);
            return TakeAllowed(scratch.Pool, scratch.PoolDistances, pooled, k, hits);
        }

        codes.PrepareQuery(query, scratch.ScaledQuery);
        pooled = Walk(new CodeScorer(codes, scratch.ScaledQuery, _linkTails is not null), breadth, filter, scratch, ref visited);
        Rescore(exact, scratch, pooled, k);
        return TakeBest(scratch.Best, k, hits);
    }

    /// <summary>Descends the upper layers greedily, then searches layer 0; returns how many nodes the pool holds.</summary>
    private int Walk<TScorer, TFilter>(TScorer scorer, int breadth, TFilter filter, SearchScratch scratch, ref int visited)
        where TScorer : struct, INodeScorer
        where TFilter : struct, ISearchFilter
    {
        var entry = GreedyDescend(scorer, _entryPoint, _maxLevel, 0, concurrent: false, ref visited);
        return SearchPool(scorer, entry, breadth, filter, scratch, ref visited);
    }

    /// <summary>
    /// The best-first search of layer 0 on a built graph, with the nearest nodes found so far kept in
    /// one array sorted by distance (<c>scratch.Pool</c>, the distances beside it in
    /// <c>scratch.PoolDistances</c>), each marked once expanded, in place of the paper's two heaps: the
    /// next node to expand is the first unexpanded one, a step or two right of the last (on a graph too
    /// large for the cache, the first two are expanded together, so the loads of both nodes' neighbours
    /// overlap), and a new node's place is counted with vector compares (<see cref="PlaceOf"/>), then
    /// made by a short copy. At the breadths a search uses (tens to a few hundred) that costs fewer
    /// instructions and mispredicted branches than two heaps (docs/index.md has the figures).
    /// The pool keeps <paramref name="breadth"/> allowed nodes and every excluded node nearer than the
    /// farthest of them: excluded nodes are expanded like any other (they keep the walk connected) but
    /// never take an allowed node's place. The search ends when every node in the pool is expanded.
    /// Returns how many nodes the pool holds.
    /// </summary>
    private int SearchPool<TScorer, TFilter>(TScorer scorer, Neighbor entry, int breadth, TFilter filter, SearchScratch scratch, ref int visited)
        where TScorer : struct, INodeScorer
        where TFilter : struct, ISearchFilter
    {
        scratch.NewQuery();
        var pairs = ExpandsInPairs;
        var pool = scratch.PoolFor(breadth + filter.ExcludedCount + 1);
        var stride = _m0 + 1;
        var pending = scratch.Pending;
        var slots = scratch.PendingSlots;
        var distances = scratch.PendingDistances;
        scratch.TryVisit(entry.Id);
        var poolDistances = scratch.PoolDistances;
        pool[0] = new PoolEntry(entry.Id, filter.IsAllowed(entry.Id));
        poolDistances[0] = entry.Distance;
        var count = 1;
        var allowed = pool[0].Allowed ? 1 : 0;
        var next = 0;
        while (next < count)
        {
            ref var current = ref pool[next];
            current.Expanded = true;
            var first = current.Id;
            var list = _layer0.AsSpan(first * stride, stride);

            // The next node to expand if none of this one's neighbours beats it. In pairs, it is expanded
            // beside this one, and the next after it is the one whose links start loading.
            var after = next + 1;
            while (after < count && pool[after].Expanded)
            {
                after++;
            }

            var second = -1;
            if (pairs && after < count)
            {
                pool[after].Expanded = true;
                second = pool[after].Id;
                after++;
                while (after < count && pool[after].Expanded)
                {
                    after++;
                }
            }

            if (after < count)
            {
                PrefetchLinks(pool[after].Id, 0);
                if (pairs)
                {
                    // The next round expands two nodes: start loading the second one's links too.
                    var then = after + 1;
                    while (then < count && pool[then].Expanded)
                    {
                        then++;
                    }

                    if (then < count)
                    {
                        PrefetchLinks(pool[then].Id, 0);
                    }
                }
            }

            var fresh = scratch.MarkUnvisited(list.Slice(1, list[0]), pending, slots);
            var fresh2 = 0;
            if (second >= 0)
            {
                var list2 = _layer0.AsSpan(second * stride, stride);
                fresh2 = scratch.MarkUnvisited(list2.Slice(1, list2[0]), pending, slots, fresh);
            }

            for (var i = 0; i < fresh + fresh2; i++)
            {
                scorer.Prefetch(pending[i]);
            }

            var all = _linkTails;
            scorer.Distances(pending.AsSpan(0, fresh), slots.AsSpan(0, fresh), all is null ? default : all.AsSpan(first * _m0, _m0), distances);
            if (fresh2 > 0)
            {
                scorer.Distances(pending.AsSpan(fresh, fresh2), slots.AsSpan(fresh, fresh2), all is null ? default : all.AsSpan(second * _m0, _m0), distances.AsSpan(fresh));
            }

            fresh += fresh2;
            visited += fresh;
            next = after;
            for (var i = 0; i < fresh; i++)
            {
                var distance = distances[i];
                if (allowed == breadth && distance >= poolDistances[count - 1])
                {
                    // The pool ends with its farthest allowed node once it holds a full breadth of them.
                    continue;
                }

                if (count == pool.Length)
                {
                    // Only a filter that rejects more ids than it counted gets here.
                    pool = scratch.GrowPool();
                    poolDistances = scratch.PoolDistances;
                }

                var place = PlaceOf(poolDistances, count, distance);
                OpenGap(pool, place, count);
                OpenGap(poolDistances, place, count);
                poolDistances[place] = distance;
                var id = pending[i];
                var isAllowed = filter.IsAllowed(id);
                pool[place] = new PoolEntry(id, isAllowed);
                count++;
                if (isAllowed && ++allowed >= breadth)
                {
                    if (allowed > breadth)
                    {
                        // One allowed node too many: drop the farthest.
                        while (!pool[count - 1].Allowed)
                        {
                            count--;
                        }

                        count--;
                        allowed--;
                    }

                    // A full breadth of allowed nodes: excluded ones beyond the farthest would never be expanded.
                    while (!pool[count - 1].Allowed)
                    {
                        count--;
                    }
                }

                if (place <= next)
                {
                    // A new node at or before the next one to expand is now the best unexpanded.
                    next = place;
                }
            }
        }

        return count;
    }
}
