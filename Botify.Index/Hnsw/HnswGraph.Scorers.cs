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
        /// The distance of a neighbour met on layer 0, given the tail code its parent's link row keeps
        /// for it (0 when the graph keeps none); a scorer that does not read link tails ignores it.
        /// </summary>
        float Distance(int id, sbyte linkTail);
    }

    /// <summary>Scores with the exact float vectors; the query is a row of <paramref name="query"/> from <paramref name="offset"/>.</summary>
    private readonly struct ExactScorer(float[] vectors, int dimension, float[] query, int offset) : INodeScorer
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public float Distance(int id) => -VectorMath.Dot(ref query[offset], ref vectors[id * dimension], dimension);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Prefetch(int id) => CacheLines.Prefetch(ref vectors[id * dimension], dimension * sizeof(float));

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public float Distance(int id, sbyte linkTail) => Distance(id);
    }

    /// <summary>
    /// Scores with the 8-bit codes and a query prepared by <see cref="QuantizedVectors.PrepareQuery"/>;
    /// with <paramref name="linkTails"/>, layer 0 takes each neighbour's one tail code from there.
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

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public float Distance(int id, sbyte linkTail)
        {
            if (!linkTails)
            {
                return Distance(id);
            }

            ref var query = ref MemoryMarshal.GetArrayDataReference(scaled);
            return -(codes.DotRecord(ref query, id) + (linkTail * Unsafe.Add(ref query, codes.CodedDimension)));
        }
    }
}
