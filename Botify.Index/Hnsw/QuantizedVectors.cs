using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

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
internal sealed partial class QuantizedVectors
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
