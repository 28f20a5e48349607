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

        /// <summary>Whether layer 0 scores neighbours with <see cref="DistanceWithTail"/> from the link tails.</summary>
        bool UsesLinkTails { get; }

        /// <summary>The distance of node <paramref name="id"/>, its tail code read from its parent's link tails.</summary>
        float DistanceWithTail(int id, sbyte tail);

        /// <summary>Starts loading what <see cref="DistanceWithTail"/> will read for node <paramref name="id"/>.</summary>
        void PrefetchWithoutTail(int id);
    }

    /// <summary>Scores with the exact float vectors; the query is a row of <paramref name="query"/> from <paramref name="offset"/>.</summary>
    private readonly struct ExactScorer(float[] vectors, int dimension, float[] query, int offset) : INodeScorer
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public float Distance(int id) => -VectorMath.Dot(ref query[offset], ref vectors[id * dimension], dimension);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Prefetch(int id) => CacheLines.Prefetch(ref vectors[id * dimension], dimension * sizeof(float));

        public bool UsesLinkTails => false;

        public float DistanceWithTail(int id, sbyte tail) => Distance(id);

        public void PrefetchWithoutTail(int id) => Prefetch(id);
    }

    /// <summary>
    /// Scores with the 8-bit codes and a query prepared by <see cref="QuantizedVectors.PrepareQuery"/>;
    /// with <paramref name="linkTails"/>, layer 0 takes each neighbour's one tail code from there.
    /// </summary>
    private readonly struct CodeScorer(QuantizedVectors codes, float[] scaled, bool linkTails) : INodeScorer
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public float Distance(int id) => -codes.Dot(ref MemoryMarshal.GetArrayDataReference(scaled), id);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Prefetch(int id) => codes.Prefetch(id);

        public bool UsesLinkTails => linkTails;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public float DistanceWithTail(int id, sbyte tail)
        {
            ref var query = ref MemoryMarshal.GetArrayDataReference(scaled);
            return -(codes.DotRecord(ref query, id) + (tail * Unsafe.Add(ref query, codes.CodedDimension)));
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void PrefetchWithoutTail(int id) => codes.PrefetchRecord(id);
    }
}
