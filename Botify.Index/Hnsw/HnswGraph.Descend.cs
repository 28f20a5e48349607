using System.Runtime.CompilerServices;

namespace Botify.Index.Hnsw;

// The greedy descent through the upper layers, and reading a node's links (prefetch, lock-free copy).
public sealed partial class HnswGraph
{
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


    /// <summary>Starts loading a node's link list on <paramref name="level"/> (layer 0 only: the upper layers are small).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void PrefetchLinks(int id, int level)
    {
        if (level == 0)
        {
            CacheLines.Prefetch(ref _layer0[id * (_m0 + 1)], (_m0 + 1) * sizeof(int));
            if (_linkTails is { } tails)
            {
                CacheLines.Prefetch(ref tails[id * _m0], _m0);
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
