using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Botify.Index.Hnsw;

/// <summary>
/// The dot products of a prepared query with the codes, in the widest vectors the CPU runs: 512, 256 or
/// 128 bits through the cross-platform <c>Vector*</c> APIs, then scalar code (docs/benchmarks.md, "SIMD paths").
/// </summary>
internal sealed partial class QuantizedVectors
{
    /// <summary>
    /// The part of <see cref="Dot"/> from the line-aligned record, without the tail: a walk that keeps
    /// a copy of each neighbour's tail code beside the links it reads (<see cref="HnswGraph"/>) adds
    /// <c>code · scaled[CodedDimension]</c> itself and never touches the side table.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float DotRecord(ref float scaled, int id) =>
        DotCodes(ref Unsafe.As<byte, sbyte>(ref _codes[_origin + (id * _stride)]), ref scaled, CodedDimension);

    /// <summary>
    /// The distances (negated approximate inner products) of the prepared query to the nodes
    /// <paramref name="ids"/>, written to <paramref name="distances"/>. With a one-coordinate tail,
    /// <paramref name="linkTails"/> (a parent's row of link tail codes, see <see cref="TailCode"/>)
    /// gives each node's tail code at its link slot from <paramref name="slots"/>; without the row the
    /// side table is read. This is the walk's scoring loop: with 512-bit vectors the query's blocks stay
    /// in registers for every node, the records are read through references, and the usual line-sized
    /// records (d = 33 and d = 64 plus the bias) get loops of their own with the blocks unrolled.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public void Distances(ref float scaled, ReadOnlySpan<int> ids, ReadOnlySpan<int> slots, ReadOnlySpan<sbyte> linkTails, Span<float> distances)
    {
        var count = ids.Length;
        if (distances.Length < count || slots.Length < count)
        {
            throw new ArgumentException($"{count} ids do not fit {distances.Length} distances and {slots.Length} slots", nameof(ids));
        }

        var withTail = TailDimension == 1 && !linkTails.IsEmpty;
        if (!Vector512.IsHardwareAccelerated || (TailDimension > 0 && !withTail) || CodedDimension is not (48 or 64))
        {
            for (var i = 0; i < count; i++)
            {
                var dot = withTail ? DotRecord(ref scaled, ids[i]) + (linkTails[slots[i]] * Unsafe.Add(ref scaled, CodedDimension)) : Dot(ref scaled, ids[i]);
                distances[i] = -dot;
            }

            return;
        }

        ref var records = ref _codes[_origin];
        var stride = (nuint)_stride;
        ref var idAt = ref MemoryMarshal.GetReference(ids);
        ref var slotAt = ref MemoryMarshal.GetReference(slots);
        ref var tailAt = ref MemoryMarshal.GetReference(linkTails);
        ref var distanceAt = ref MemoryMarshal.GetReference(distances);
        var tailWeight = withTail ? Unsafe.Add(ref scaled, CodedDimension) : 0f;
        var q0 = Vector512.LoadUnsafe(ref scaled);
        var q1 = Vector512.LoadUnsafe(ref scaled, 16);
        var q2 = Vector512.LoadUnsafe(ref scaled, 32);
        if (CodedDimension == 64)
        {
            var q3 = Vector512.LoadUnsafe(ref scaled, 48);
            for (var i = 0; i < count; i++)
            {
                ref var record = ref Unsafe.As<byte, sbyte>(ref Unsafe.Add(ref records, (uint)Unsafe.Add(ref idAt, i) * stride));
                var low = Vector512.FusedMultiplyAdd(Widen512(ref record, 16), q1, Widen512(ref record, 0) * q0);
                var high = Vector512.FusedMultiplyAdd(Widen512(ref record, 48), q3, Widen512(ref record, 32) * q2);
                var tail = withTail ? Unsafe.Add(ref tailAt, Unsafe.Add(ref slotAt, i)) * tailWeight : 0f;
                Unsafe.Add(ref distanceAt, i) = -(VectorMath.Sum(low + high) + tail);
            }
        }
        else
        {
            for (var i = 0; i < count; i++)
            {
                ref var record = ref Unsafe.As<byte, sbyte>(ref Unsafe.Add(ref records, (uint)Unsafe.Add(ref idAt, i) * stride));
                var sum = Vector512.FusedMultiplyAdd(Widen512(ref record, 16), q1, Widen512(ref record, 0) * q0);
                sum = Vector512.FusedMultiplyAdd(Widen512(ref record, 32), q2, sum);
                var tail = withTail ? Unsafe.Add(ref tailAt, Unsafe.Add(ref slotAt, i)) * tailWeight : 0f;
                Unsafe.Add(ref distanceAt, i) = -(VectorMath.Sum(sum) + tail);
            }
        }
    }

    /// <summary>
    /// The dot product of <paramref name="length"/> codes with as many floats: whole blocks of
    /// <see cref="Block"/> in vectors, the rest one at a time (a record has none: it is padded to blocks).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static float DotCodes(ref sbyte codes, ref float floats, int length)
    {
        var j = 0;
        var sum = 0f;
        if (Vector512.IsHardwareAccelerated)
        {
            var acc = Vector512<float>.Zero;
            for (; j <= length - Block; j += Block)
            {
                acc = Vector512.FusedMultiplyAdd(Widen512(ref codes, (nuint)j), Vector512.LoadUnsafe(ref floats, (nuint)j), acc);
            }

            sum = VectorMath.Sum(acc);
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            var acc0 = Vector256<float>.Zero;
            var acc1 = Vector256<float>.Zero;
            for (; j <= length - Block; j += Block)
            {
                var (low, high) = Widen256(ref codes, (nuint)j);
                acc0 = Vector256.FusedMultiplyAdd(low, Vector256.LoadUnsafe(ref floats, (nuint)j), acc0);
                acc1 = Vector256.FusedMultiplyAdd(high, Vector256.LoadUnsafe(ref floats, (nuint)(j + 8)), acc1);
            }

            sum = VectorMath.Sum(acc0 + acc1);
        }
        else if (Vector128.IsHardwareAccelerated)
        {
            // MultiplyAddEstimate: fused where the CPU has FMA, a multiply and an add where it has not.
            var acc0 = Vector128<float>.Zero;
            var acc1 = Vector128<float>.Zero;
            for (; j <= length - Block; j += Block)
            {
                var bytes = Vector128.LoadUnsafe(ref codes, (nuint)j);
                var low = Vector128.WidenLower(bytes);
                var high = Vector128.WidenUpper(bytes);
                acc0 = Vector128.MultiplyAddEstimate(Vector128.ConvertToSingle(Vector128.WidenLower(low)), Vector128.LoadUnsafe(ref floats, (nuint)j), acc0);
                acc1 = Vector128.MultiplyAddEstimate(Vector128.ConvertToSingle(Vector128.WidenUpper(low)), Vector128.LoadUnsafe(ref floats, (nuint)(j + 4)), acc1);
                acc0 = Vector128.MultiplyAddEstimate(Vector128.ConvertToSingle(Vector128.WidenLower(high)), Vector128.LoadUnsafe(ref floats, (nuint)(j + 8)), acc0);
                acc1 = Vector128.MultiplyAddEstimate(Vector128.ConvertToSingle(Vector128.WidenUpper(high)), Vector128.LoadUnsafe(ref floats, (nuint)(j + 12)), acc1);
            }

            sum = VectorMath.Sum(acc0 + acc1);
        }

        for (; j < length; j++)
        {
            sum += Unsafe.Add(ref codes, j) * Unsafe.Add(ref floats, j);
        }

        return sum;
    }

    // AVX-512F and AVX2 widen bytes to ints in one step where the portable form takes two, which
    // slowed the scoring loop (docs/benchmarks.md, "SIMD paths"). The portable forms below them serve
    // a runtime that accelerates these widths without those ISAs; ARM64 takes the 128-bit path.

    /// <summary>Sixteen codes from <paramref name="offset"/> as floats.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Widen512(ref sbyte codes, nuint offset)
    {
        var bytes = Vector128.LoadUnsafe(ref codes, offset);
        if (Avx512F.IsSupported)
        {
            return Avx512F.ConvertToVector512Single(Avx512F.ConvertToVector512Int32(bytes));
        }

        return Vector512.ConvertToSingle(Vector512.WidenLower(Vector256.WidenLower(bytes.ToVector256Unsafe()).ToVector512Unsafe()));
    }

    /// <summary>Sixteen codes from <paramref name="offset"/> as floats, eight and eight.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector256<float> Low, Vector256<float> High) Widen256(ref sbyte codes, nuint offset)
    {
        var bytes = Vector128.LoadUnsafe(ref codes, offset);
        if (Avx2.IsSupported)
        {
            return (Avx.ConvertToVector256Single(Avx2.ConvertToVector256Int32(bytes)),
                Avx.ConvertToVector256Single(Avx2.ConvertToVector256Int32(Sse2.ShiftRightLogical128BitLane(bytes, 8))));
        }

        var shorts = Vector256.WidenLower(bytes.ToVector256Unsafe());
        return (Vector256.ConvertToSingle(Vector256.WidenLower(shorts)), Vector256.ConvertToSingle(Vector256.WidenUpper(shorts)));
    }
}
