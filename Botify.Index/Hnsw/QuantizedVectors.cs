using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Botify.Index.Hnsw;

/// <summary>
/// An 8-bit copy of the graph's vectors for the walk of a search. A walk at a million nodes is bound
/// by memory, not arithmetic: each visited node costs a few cache misses to bring in its 65 floats
/// (260 bytes, five cache lines). Here every coordinate is one signed byte, and a node's bytes sit in
/// a record that starts on a 64-byte line, so the walk reads a quarter of the bytes. The walk's
/// ranking is then approximate, so a search rescores the best nodes it found with the exact floats
/// before it picks the top k (<see cref="HnswGraph"/>).
/// </summary>
/// <remarks>
/// <para>The scale is one per coordinate over all vectors (max |x|/127), not one per vector: the query
/// is multiplied by the scales once, so a node's score is a plain dot product of the scaled query
/// with its bytes, with no per-node factor to load. Long vectors, the answers to an inner-product
/// query, use the whole byte range; short ones lose bits, and they are seldom answers.</para>
/// <para>The record holds the coordinates in blocks of <see cref="Block"/>, padded with zeros, when
/// that fits the lines the whole blocks need anyway (d = 33 → 48 bytes in one line). When it does
/// not (d = 65: 64 bytes fill the line and the bias is left over) the few coordinates left over go
/// to a dense side table of bytes, a byte a node at d = 65 (a megabyte at a million nodes, a quarter
/// of a table of floats). A one-coordinate tail is also copied beside each layer-0 link
/// (<see cref="TailCode"/>), so only the greedy descent through the upper layers reads the side table.</para>
/// </remarks>
internal sealed class QuantizedVectors
{
    /// <summary>The coordinates in the record come in blocks of this many.</summary>
    public const int Block = 16;

    private const int LineBytes = 64;

    private readonly byte[] _codes;
    private readonly int _origin;
    private readonly int _stride;
    private readonly float[] _scales;
    private readonly sbyte[] _tail;

    private QuantizedVectors(int count, int dimension)
    {
        Dimension = dimension;
        var whole = dimension - (dimension % Block);
        _stride = Math.Max(1, (whole + LineBytes - 1) / LineBytes) * LineBytes;
        var padded = (dimension + Block - 1) / Block * Block;
        CodedDimension = padded <= _stride ? padded : whole;
        TailDimension = Math.Max(0, dimension - CodedDimension);
        // The pinned heap never moves an array, so the first record can be put on a line boundary once.
        _codes = HugePages.AllocateUninitialized<byte>(checked((count * _stride) + LineBytes));
        _origin = LineBytes - (int)(Address(_codes) % LineBytes);
        _scales = new float[dimension];
        _tail = new sbyte[checked(count * TailDimension)];
    }

    /// <summary>Floats per vector.</summary>
    public int Dimension { get; }

    /// <summary>Coordinates in the line-aligned record, padding included (a multiple of <see cref="Block"/>).</summary>
    public int CodedDimension { get; }

    /// <summary>Trailing coordinates in the side table of bytes (0 when the record holds them all).</summary>
    public int TailDimension { get; }

    /// <summary>Floats a prepared query needs: the record's coordinates (padding included) and the tail's.</summary>
    public int QueryLength => CodedDimension + TailDimension;

    /// <summary>Bytes held.</summary>
    public long MemoryBytes => _codes.LongLength + _tail.LongLength + (_scales.LongLength * sizeof(float));

    /// <summary>True when a vector of <paramref name="dimension"/> floats has coordinates to code.</summary>
    public static bool Supports(int dimension) => dimension >= Block;

    /// <summary>Codes <paramref name="count"/> vectors of <paramref name="dimension"/> floats stored row after row.</summary>
    public static QuantizedVectors Build(ReadOnlySpan<float> vectors, int count, int dimension)
    {
        if (!Supports(dimension))
        {
            throw new ArgumentOutOfRangeException(nameof(dimension), dimension, $"vectors of fewer than {Block} floats are not coded");
        }

        var quantized = new QuantizedVectors(count, dimension);
        var maxima = new float[dimension];
        for (var i = 0; i < count; i++)
        {
            var row = vectors.Slice(i * dimension, dimension);
            for (var j = 0; j < dimension; j++)
            {
                maxima[j] = Math.Max(maxima[j], Math.Abs(row[j]));
            }
        }

        var inverse = new float[dimension];
        for (var j = 0; j < dimension; j++)
        {
            quantized._scales[j] = maxima[j] > 0f ? maxima[j] / 127f : 1f;
            inverse[j] = 1f / quantized._scales[j];
        }

        var inRecord = Math.Min(dimension, quantized.CodedDimension);
        var tail = quantized.TailDimension;
        for (var i = 0; i < count; i++)
        {
            var row = vectors.Slice(i * dimension, dimension);
            var record = MemoryMarshal.Cast<byte, sbyte>(quantized._codes.AsSpan(quantized._origin + (i * quantized._stride), quantized.CodedDimension));
            record.Clear();
            for (var j = 0; j < inRecord; j++)
            {
                record[j] = Code(row[j], inverse[j]);
            }

            for (var t = 0; t < tail; t++)
            {
                quantized._tail[(i * tail) + t] = Code(row[inRecord + t], inverse[inRecord + t]);
            }
        }

        return quantized;
    }

    /// <summary>
    /// Writes the query the walk scores with (<see cref="QueryLength"/> floats): each coordinate
    /// times its scale, zeros against the record's padding, then the tail's coordinates.
    /// </summary>
    public void PrepareQuery(ReadOnlySpan<float> query, Span<float> scaled)
    {
        var inRecord = Math.Min(Dimension, CodedDimension);
        for (var j = 0; j < inRecord; j++)
        {
            scaled[j] = query[j] * _scales[j];
        }

        scaled[inRecord..CodedDimension].Clear();
        for (var t = 0; t < TailDimension; t++)
        {
            scaled[CodedDimension + t] = query[inRecord + t] * _scales[inRecord + t];
        }
    }

    /// <summary>The approximate inner product of a prepared query with node <paramref name="id"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Dot(ref float scaled, int id)
    {
        var sum = DotRecord(ref scaled, id);
        var tail = TailDimension;
        if (tail > 0)
        {
            ref var bytes = ref _tail[id * tail];
            for (var t = 0; t < tail; t++)
            {
                sum += Unsafe.Add(ref bytes, t) * Unsafe.Add(ref scaled, CodedDimension + t);
            }
        }

        return sum;
    }

    /// <summary>The code of node <paramref name="id"/>'s one tail coordinate (when <see cref="TailDimension"/> is 1).</summary>
    public sbyte TailCode(int id) => _tail[id];

    /// <summary>
    /// The part of <see cref="Dot"/> from the line-aligned record, without the tail: a walk that keeps
    /// a copy of each neighbour's tail code beside the links it reads (<see cref="HnswGraph"/>) adds
    /// <c>code · scaled[CodedDimension]</c> itself and never touches the side table.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float DotRecord(ref float scaled, int id)
    {
        ref var code = ref Unsafe.As<byte, sbyte>(ref _codes[_origin + (id * _stride)]);
        var sum = 0f;
        var coded = CodedDimension;
        if (Avx512F.IsSupported)
        {
            var acc = Vector512<float>.Zero;
            for (var j = 0; j < coded; j += Block)
            {
                var bytes = Vector128.LoadUnsafe(ref code, (nuint)j);
                var floats = Avx512F.ConvertToVector512Single(Avx512F.ConvertToVector512Int32(bytes));
                acc = Avx512F.FusedMultiplyAdd(floats, Vector512.LoadUnsafe(ref scaled, (nuint)j), acc);
            }

            sum = VectorMath.Sum(acc);
        }
        else if (Avx2.IsSupported && Fma.IsSupported)
        {
            var acc0 = Vector256<float>.Zero;
            var acc1 = Vector256<float>.Zero;
            for (var j = 0; j < coded; j += Block)
            {
                var bytes = Vector128.LoadUnsafe(ref code, (nuint)j);
                var low = Avx.ConvertToVector256Single(Avx2.ConvertToVector256Int32(bytes));
                var high = Avx.ConvertToVector256Single(Avx2.ConvertToVector256Int32(Sse2.ShiftRightLogical128BitLane(bytes, 8)));
                acc0 = Fma.MultiplyAdd(low, Vector256.LoadUnsafe(ref scaled, (nuint)j), acc0);
                acc1 = Fma.MultiplyAdd(high, Vector256.LoadUnsafe(ref scaled, (nuint)(j + 8)), acc1);
            }

            sum = VectorMath.Sum(acc0 + acc1);
        }
        else
        {
            for (var j = 0; j < coded; j++)
            {
                sum += Unsafe.Add(ref code, j) * Unsafe.Add(ref scaled, j);
            }
        }

        return sum;
    }

    /// <summary>
    /// The distances (negated approximate inner products) of the prepared query to the nodes
    /// <paramref name="ids"/>, written to <paramref name="distances"/>. With a one-coordinate tail,
    /// <paramref name="linkTails"/> (a parent's row of link tail codes, see <see cref="TailCode"/>)
    /// gives each node's tail code at its link slot from <paramref name="slots"/>; without the row the
    /// side table is read. This is the walk's scoring loop: the query's blocks stay in registers for
    /// every node, the records are read through references, and the usual line-sized records (d = 33
    /// and d = 64 plus the bias) get loops of their own with the blocks unrolled.
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
        if (!Avx512F.IsSupported || (TailDimension > 0 && !withTail) || CodedDimension is not (48 or 64))
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
                var low = Avx512F.FusedMultiplyAdd(Widen(ref record, 16), q1, Widen(ref record, 0) * q0);
                var high = Avx512F.FusedMultiplyAdd(Widen(ref record, 48), q3, Widen(ref record, 32) * q2);
                var tail = withTail ? Unsafe.Add(ref tailAt, Unsafe.Add(ref slotAt, i)) * tailWeight : 0f;
                Unsafe.Add(ref distanceAt, i) = -(VectorMath.Sum(low + high) + tail);
            }
        }
        else
        {
            for (var i = 0; i < count; i++)
            {
                ref var record = ref Unsafe.As<byte, sbyte>(ref Unsafe.Add(ref records, (uint)Unsafe.Add(ref idAt, i) * stride));
                var sum = Avx512F.FusedMultiplyAdd(Widen(ref record, 16), q1, Widen(ref record, 0) * q0);
                sum = Avx512F.FusedMultiplyAdd(Widen(ref record, 32), q2, sum);
                var tail = withTail ? Unsafe.Add(ref tailAt, Unsafe.Add(ref slotAt, i)) * tailWeight : 0f;
                Unsafe.Add(ref distanceAt, i) = -(VectorMath.Sum(sum) + tail);
            }
        }
    }

    /// <summary>Sixteen codes from <paramref name="offset"/> as floats.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Widen(ref sbyte record, nuint offset) =>
        Avx512F.ConvertToVector512Single(Avx512F.ConvertToVector512Int32(Vector128.LoadUnsafe(ref record, offset)));

    /// <summary>Starts loading node <paramref name="id"/>'s record while other nodes are scored.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void PrefetchRecord(int id)
    {
        if (_stride == LineBytes)
        {
            // A record of one line starts on a line boundary: one hint, no loop over lines.
            CacheLines.PrefetchLine(ref _codes[_origin + (id * LineBytes)]);
        }
        else
        {
            CacheLines.Prefetch(ref _codes[_origin + (id * _stride)], _stride);
        }
    }

    /// <summary>Starts loading node <paramref name="id"/>'s bytes (and tail) while other nodes are scored.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Prefetch(int id)
    {
        PrefetchRecord(id);
        if (TailDimension > 0)
        {
            CacheLines.Prefetch(ref _tail[id * TailDimension], TailDimension);
        }
    }

    private static sbyte Code(float value, float inverseScale) => (sbyte)Math.Clamp(MathF.Round(value * inverseScale), -127f, 127f);

    private static unsafe long Address(byte[] pinned) => (long)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(pinned));
}
