namespace Botify.Index.Hnsw;

/// <summary>Order of a <see cref="NeighborHeap{TOrder}"/>; a static abstract so the JIT inlines the comparison.</summary>
internal interface IHeapOrder
{
    /// <summary>True when distance <paramref name="a"/> belongs nearer the top than <paramref name="b"/>.</summary>
    static abstract bool Above(float a, float b);
}

/// <summary>Nearest on top: the frontier of candidates still to expand.</summary>
internal readonly struct NearestFirst : IHeapOrder
{
    public static bool Above(float a, float b) => a < b;
}

/// <summary>Farthest on top: the best-so-far results, whose worst is evicted first.</summary>
internal readonly struct FarthestFirst : IHeapOrder
{
    public static bool Above(float a, float b) => a > b;
}
