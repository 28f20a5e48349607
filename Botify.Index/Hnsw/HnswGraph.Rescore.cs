namespace Botify.Index.Hnsw;

// The exact rescoring of a walk's best results and the pick of the best k.
public sealed partial class HnswGraph
{
    /// <summary>
    /// Scores the walk's best allowed results again with the exact vectors and keeps the best k in
    /// <c>scratch.Best</c>. The codes' ranking is close but not exact: the true top k sit among the
    /// first few k of it, so only the best <see cref="RescoreCount"/> are read as floats (each read is
    /// five cache lines from anywhere in memory; rescoring all ef of them was an eighth of a search).
    /// </summary>
    private static void Rescore(ExactScorer exact, SearchScratch scratch, int pooled, int k)
    {
        var pool = scratch.Pool;
        var keep = RescoreCount(k);
        var ids = scratch.RescoreIds(keep);
        var count = 0;
        for (var i = 0; i < pooled && count < keep; i++)
        {
            var id = pool[i].Id;
            if (pool[i].Allowed)
            {
                ids[count++] = id;
                exact.Prefetch(id);
            }
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
}
