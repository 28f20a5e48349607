namespace Botify.Shared.Embeddings;

/// <summary>
/// A dense row-major float32 table: row <c>i</c> is the vector of id <c>i</c>. This is the in-memory
/// form of an <c>[n, d]</c> <c>.npy</c> file.
/// </summary>
public sealed class EmbeddingTable
{
    private readonly float[] _data;

    /// <summary>Wraps <paramref name="data"/> (not copied) as <paramref name="rows"/> rows of <paramref name="dimension"/> floats.</summary>
    /// <exception cref="ArgumentException">The data length is not rows x dimension.</exception>
    public EmbeddingTable(float[] data, int rows, int dimension)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(dimension);
        if ((long)rows * dimension != data.Length)
        {
            throw new ArgumentException($"data has {data.Length} floats, expected rows x dimension = {(long)rows * dimension}", nameof(data));
        }

        _data = data;
        Rows = rows;
        Dimension = dimension;
    }

    /// <summary>Creates a zero-filled table.</summary>
    public static EmbeddingTable Zeros(int rows, int dimension) => new(new float[checked(rows * dimension)], rows, dimension);

    /// <summary>Number of rows (ids).</summary>
    public int Rows { get; }

    /// <summary>Floats per row.</summary>
    public int Dimension { get; }

    /// <summary>All values, row after row.</summary>
    public Span<float> Data => _data;

    /// <summary>The vector of <paramref name="row"/>.</summary>
    public Span<float> Row(int row) => _data.AsSpan(row * Dimension, Dimension);

    /// <summary>Index of the first non-finite value (NaN or infinity), or -1 when every value is finite.</summary>
    public long IndexOfNonFinite()
    {
        var data = _data;
        for (var i = 0; i < data.Length; i++)
        {
            if (!float.IsFinite(data[i]))
            {
                return i;
            }
        }

        return -1;
    }
}
