using System.Runtime.InteropServices;
using Botify.Index.Hnsw;

namespace Botify.Index.Mips;

/// <summary>
/// Exact top-k by inner product: one SIMD dot product per row (the graph's kernel), a bounded heap for the best k.
/// The ground truth every recall figure is measured against, and the baseline the index must beat.
/// </summary>
public static class ExactSearch
{
    /// <summary>Writes the <paramref name="k"/> allowed rows with the highest inner product into <paramref name="hits"/>, best first.</summary>
    /// <returns>The number of hits written.</returns>
    public static int Search<TFilter>(ReadOnlySpan<float> vectors, int dimension, ReadOnlySpan<float> query, int k, TFilter filter, Span<SearchHit> hits)
        where TFilter : struct, ISearchFilter
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        if (query.Length != dimension)
        {
            throw new ArgumentException($"query has {query.Length} floats, the vectors {dimension}", nameof(query));
        }

        var count = vectors.Length / dimension;
        // The calling thread's search scratch lends its result heap, so a scan allocates nothing.
        var worstFirst = SearchScratch.ForCurrentThread(0, 0, 0).Results;
        worstFirst.Clear();
        for (var id = 0; id < count; id++)
        {
            var distance = -VectorMath.Dot(ref MemoryMarshal.GetReference(query), ref MemoryMarshal.GetReference(vectors.Slice(id * dimension, dimension)), dimension);
            if (worstFirst.Count < k)
            {
                if (filter.IsAllowed(id))
                {
                    worstFirst.Push(distance, id);
                }
            }
            else if (distance < worstFirst.Top.Distance && filter.IsAllowed(id))
            {
                worstFirst.ReplaceTop(distance, id);
            }
        }

        var found = worstFirst.Count;
        for (var i = found - 1; i >= 0; i--)
        {
            var best = worstFirst.Pop();
            hits[i] = new SearchHit(best.Id, -best.Distance);
        }

        return found;
    }
}
