using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Botify.Index.Hnsw;

public sealed partial class HnswGraph
{
    /// <summary>
    /// The first place in the sorted <paramref name="distances"/> (the pool's, <paramref name="count"/>
    /// of them) whose distance exceeds <paramref name="distance"/>: how many do not exceed it, counted
    /// a vector at a time with compares over the whole pool, since a new node's place is a coin toss that
    /// a binary search's branches mispredict (docs/index.md#the-search).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int PlaceOf(float[] distances, int count, float distance)
    {
        if (!Vector128.IsHardwareAccelerated)
        {
            var low = 0;
            var high = count;
            while (low < high)
            {
                var middle = (low + high) >> 1;
                if (distances[middle] <= distance)
                {
                    low = middle + 1;
                }
                else
                {
                    high = middle;
                }
            }

            return low;
        }

        // The slack after the pool keeps every load inside the array.
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count + SearchScratch.PoolSlack, distances.Length);
        ref var first = ref MemoryMarshal.GetArrayDataReference(distances);
        if (Vector512.IsHardwareAccelerated)
        {
            var probe = Vector512.Create(distance);
            var place = 0;
            var i = 0;
            for (; i + Vector512<float>.Count <= count; i += Vector512<float>.Count)
            {
                place += BitOperations.PopCount(Vector512.LessThanOrEqual(Vector512.LoadUnsafe(ref first, (nuint)i), probe).ExtractMostSignificantBits());
            }

            if (i < count)
            {
                var notAbove = Vector512.LessThanOrEqual(Vector512.LoadUnsafe(ref first, (nuint)i), probe).ExtractMostSignificantBits();
                place += BitOperations.PopCount(notAbove & ((1UL << (count - i)) - 1));
            }

            return place;
        }

        return Vector256.IsHardwareAccelerated ? CountNotAbove256(ref first, count, distance) : CountNotAbove128(ref first, count, distance);
    }

    /// <summary>
    /// <see cref="PlaceOf"/> in 256-bit vectors. A true lane is -1, so subtracting the compares counts
    /// them without extracting a mask, which ARM64 has no one instruction for.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int CountNotAbove256(ref float first, int count, float distance)
    {
        var probe = Vector256.Create(distance);
        var places = Vector256<int>.Zero;
        var i = 0;
        for (; i + Vector256<float>.Count <= count; i += Vector256<float>.Count)
        {
            places -= Vector256.LessThanOrEqual(Vector256.LoadUnsafe(ref first, (nuint)i), probe).AsInt32();
        }

        if (i < count)
        {
            var inPool = Vector256.LessThan(Vector256<int>.Indices, Vector256.Create(count - i));
            places -= Vector256.LessThanOrEqual(Vector256.LoadUnsafe(ref first, (nuint)i), probe).AsInt32() & inPool;
        }

        return Vector256.Sum(places);
    }

    /// <summary><see cref="PlaceOf"/> in 128-bit vectors (see <see cref="CountNotAbove256"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int CountNotAbove128(ref float first, int count, float distance)
    {
        var probe = Vector128.Create(distance);
        var places = Vector128<int>.Zero;
        var i = 0;
        for (; i + Vector128<float>.Count <= count; i += Vector128<float>.Count)
        {
            places -= Vector128.LessThanOrEqual(Vector128.LoadUnsafe(ref first, (nuint)i), probe).AsInt32();
        }

        if (i < count)
        {
            var inPool = Vector128.LessThan(Vector128<int>.Indices, Vector128.Create(count - i));
            places -= Vector128.LessThanOrEqual(Vector128.LoadUnsafe(ref first, (nuint)i), probe).AsInt32() & inPool;
        }

        return Vector128.Sum(places);
    }

    /// <summary>
    /// Moves <c>array[place..count)</c> one element right, in the widest vectors that fit, from the
    /// end: a pool insertion moves a few hundred bytes, too few for a call to the runtime's memmove to pay.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void OpenGap<T>(T[] array, int place, int count)
        where T : unmanaged
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(count, array.Length);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(place, count);
        if (!Vector128.IsHardwareAccelerated)
        {
            array.AsSpan(place, count - place).CopyTo(array.AsSpan(place + 1));
            return;
        }

        // In each width the first vector is read before anything is written, and stored last: every
        // byte lands one element right of where it was, whichever stores overlap.
        ref var bytes = ref Unsafe.As<T, byte>(ref MemoryMarshal.GetArrayDataReference(array));
        var size = (nint)Unsafe.SizeOf<T>();
        var from = place * size;
        var end = count * size;
        if (Vector512.IsHardwareAccelerated && end - from >= Vector512<byte>.Count)
        {
            var head = Vector512.LoadUnsafe(ref bytes, (nuint)from);
            for (var at = end - Vector512<byte>.Count; at > from; at -= Vector512<byte>.Count)
            {
                Vector512.LoadUnsafe(ref bytes, (nuint)at).StoreUnsafe(ref bytes, (nuint)(at + size));
            }

            head.StoreUnsafe(ref bytes, (nuint)(from + size));
        }
        else if (Vector256.IsHardwareAccelerated && end - from >= Vector256<byte>.Count)
        {
            var head = Vector256.LoadUnsafe(ref bytes, (nuint)from);
            for (var at = end - Vector256<byte>.Count; at > from; at -= Vector256<byte>.Count)
            {
                Vector256.LoadUnsafe(ref bytes, (nuint)at).StoreUnsafe(ref bytes, (nuint)(at + size));
            }

            head.StoreUnsafe(ref bytes, (nuint)(from + size));
        }
        else if (end - from >= Vector128<byte>.Count)
        {
            var head = Vector128.LoadUnsafe(ref bytes, (nuint)from);
            for (var at = end - Vector128<byte>.Count; at > from; at -= Vector128<byte>.Count)
            {
                Vector128.LoadUnsafe(ref bytes, (nuint)at).StoreUnsafe(ref bytes, (nuint)(at + size));
            }

            head.StoreUnsafe(ref bytes, (nuint)(from + size));
        }
        else
        {
            for (var i = count - 1; i >= place; i--)
            {
                array[i + 1] = array[i];
            }
        }
    }

    /// <summary>Writes the first <paramref name="k"/> allowed nodes of the pool to <paramref name="hits"/> with their scores (the negated <paramref name="distances"/>).</summary>
    private static int TakeAllowed(PoolEntry[] pool, float[] distances, int count, int k, Span<SearchHit> hits)
    {
        var found = 0;
        for (var i = 0; i < count && found < k; i++)
        {
            if (pool[i].Allowed)
            {
                hits[found++] = new SearchHit(pool[i].Id, -distances[i]);
            }
        }

        return found;
    }
}
