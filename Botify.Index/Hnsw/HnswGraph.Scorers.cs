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

        /// <summary>Starts loading what <see cref="Distance"/> will read for node <paramref name="id"/>.</summary>
        void Prefetch(int id);
    }

    /// <summary>Scores with the exact float vectors; the query is a row of <paramref name="query"/> from <paramref name="offset"/>.</summary>
    private readonly struct ExactScorer(float[] vectors, int dimension, float[] query, int offset) : INodeScorer
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public float Distance(int id) => -VectorMath.Dot(ref query[offset], ref vectors[id * dimension], dimension);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Prefetch(int id) => CacheLines.Prefetch(ref vectors[id * dimension], dimension * sizeof(float));
    }

    /// <summary>Scores with the 8-bit codes and a query prepared by <see cref="QuantizedVectors.PrepareQuery"/>.</summary>
    private readonly struct CodeScorer(QuantizedVectors codes, float[] scaled) : INodeScorer
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public float Distance(int id) => -codes.Dot(ref MemoryMarshal.GetArrayDataReference(scaled), id);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Prefetch(int id) => codes.Prefetch(id);
    }
}
