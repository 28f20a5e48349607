using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Botify.Index.Hnsw;

public sealed partial class HnswGraph
{
    /// <summary>
    /// How a walk scores nodes against its query. The walks are generic over it, so each scorer gets
    /// its own compiled copy of the loop with the distance inlined.
    /// </summary>
    private interface INodeScorer
    {
        /// <summary>The distance (negated inner product) of node <paramref name="id"/> to the query.</summary>
        float Distance(int id);

        /// <summary>Starts loading what <see cref="Distance(int)"/> will read for node <paramref name="id"/>.</summary>
        void Prefetch(int id);

        /// <summary>
        /// The distances of the neighbours <paramref name="ids"/> met on layer 0, into
        /// <paramref name="distances"/>. <paramref name="linkTails"/> is the parent's row of link tail
        /// codes (empty when the graph keeps none) and <paramref name="slots"/> where each id stood in
        /// the parent's links; a scorer that does not read link tails ignores both.
        /// </summary>
        void Distances(ReadOnlySpan<int> ids, ReadOnlySpan<int> slots, ReadOnlySpan<sbyte> linkTails, Span<float> distances);
    }

    /// <summary>Scores with the exact float vectors; the query is a row of <paramref name="query"/> from <paramref name="offset"/>.</summary>
    private readonly struct ExactScorer(float[] vectors, int dimension, float[] query, int offset) : INodeScorer
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public float Distance(int id) => -VectorMath.Dot(ref query[offset], ref vectors[id * dimension], dimension);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Prefetch(int id) => CacheLines.Prefetch(ref vectors[id * dimension], dimension * sizeof(float));

        public void Distances(ReadOnlySpan<int> ids, ReadOnlySpan<int> slots, ReadOnlySpan<sbyte> linkTails, Span<float> distances)
        {
            for (var i = 0; i < ids.Length; i++)
            {
                distances[i] = Distance(ids[i]);
            }
        }
    }

    /// <summary>
    /// Scores with the 8-bit codes and a query prepared by <see cref="QuantizedVectors.PrepareQuery"/>;
    /// with <paramref name="linkTails"/>, layer 0 takes each neighbour's one tail code from its parent's
    /// link row, so prefetching a node loads its record alone.
    /// </summary>
    private readonly struct CodeScorer(QuantizedVectors codes, float[] scaled, bool linkTails) : INodeScorer
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public float Distance(int id) => -codes.Dot(ref MemoryMarshal.GetArrayDataReference(scaled), id);

        /// <summary>Starts loading the node's record, and its side-table tail unless the link rows carry it.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Prefetch(int id)
        {
            if (linkTails)
            {
                codes.PrefetchRecord(id);
            }
            else
            {
                codes.Prefetch(id);
            }
        }

        public void Distances(ReadOnlySpan<int> ids, ReadOnlySpan<int> slots, ReadOnlySpan<sbyte> linkTails, Span<float> distances) =>
            codes.Distances(ref MemoryMarshal.GetArrayDataReference(scaled), ids, slots, linkTails, distances);
    }
}
