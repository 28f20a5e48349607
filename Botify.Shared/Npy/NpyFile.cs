using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Botify.Shared.Data;
using Botify.Shared.Embeddings;

namespace Botify.Shared.Npy;

/// <summary>
/// Reads and writes NumPy <c>.npy</c> files of little-endian float32 in C order, with one axis
/// (<c>[n]</c>) or two (<c>[n, d]</c>) — the format of the course's <c>tracks.npy</c> and of the
/// tables in a model bundle. Anything else is refused with a <see cref="DataFileException"/> that
/// names the file and says what was found.
/// </summary>
public static class NpyFile
{
    private static ReadOnlySpan<byte> Magic => [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    /// <summary>Reads a float32 array with one or two axes.</summary>
    /// <exception cref="DataFileException">The file is missing, not <c>.npy</c>, not float32 C order, or truncated.</exception>
    public static NpyArray Read(string path)
    {
        using (var stream = DataFiles.OpenRead(path))
        {
            var shape = ReadHeader(stream, path);
            long count = 1;
            foreach (var axis in shape)
            {
                count *= axis;
            }

            if (count > Array.MaxLength)
            {
                throw new DataFileException(path, $"shape ({string.Join(", ", shape)}) holds {count} values, more than one array can");
            }

            var expectedBytes = count * sizeof(float);
            var available = stream.Length - stream.Position;
            if (available < expectedBytes)
            {
                throw new DataFileException(path, $"truncated: shape ({string.Join(", ", shape)}) needs {expectedBytes} data bytes, the file has {available}");
            }

            var data = GC.AllocateUninitializedArray<float>((int)count);
            stream.ReadExactly(MemoryMarshal.AsBytes(data.AsSpan()));
            if (!BitConverter.IsLittleEndian)
            {
                var ints = MemoryMarshal.Cast<float, int>(data.AsSpan());
                BinaryPrimitives.ReverseEndianness(ints, ints);
            }

            return new NpyArray(data, shape);
        }
    }

    /// <summary>Reads a two-axis float32 array as an <see cref="EmbeddingTable"/>.</summary>
    /// <exception cref="DataFileException">As <see cref="Read"/>, or the array does not have two axes.</exception>
    public static EmbeddingTable ReadTable(string path)
    {
        var array = Read(path);
        if (array.Shape.Length != 2)
        {
            throw new DataFileException(path, $"expected a two-axis array [n, d], found shape ({string.Join(", ", array.Shape)})");
        }

        return new EmbeddingTable(array.Data, array.Shape[0], array.Shape[1]);
    }

    /// <summary>Reads a one-axis float32 array (for example the track biases).</summary>
    /// <exception cref="DataFileException">As <see cref="Read"/>, or the array has more than one axis of length above 1.</exception>
    public static float[] ReadVector(string path)
    {
        var array = Read(path);
        if (array.Shape.Length == 2 && array.Shape[1] != 1)
        {
            throw new DataFileException(path, $"expected a one-axis array [n], found shape ({string.Join(", ", array.Shape)})");
        }

        return array.Data;
    }

    /// <summary>Writes a two-axis table as <c>[rows, dimension]</c>.</summary>
    public static void Write(string path, EmbeddingTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        Write(path, table.Data, [table.Rows, table.Dimension]);
    }

    /// <summary>Writes a one-axis array <c>[n]</c>.</summary>
    public static void Write(string path, ReadOnlySpan<float> vector) => Write(path, vector, [vector.Length]);

    /// <summary>Writes <paramref name="data"/> with the given shape (C order, version 1.0 header).</summary>
    /// <exception cref="ArgumentException">The shape does not match the data length.</exception>
    public static void Write(string path, ReadOnlySpan<float> data, ReadOnlySpan<int> shape)
    {
        long count = 1;
        foreach (var axis in shape)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(axis, nameof(shape));
            count *= axis;
        }

        if (count != data.Length || shape.Length is < 1 or > 2)
        {
            throw new ArgumentException($"shape ({string.Join(", ", shape.ToArray())}) does not describe {data.Length} values", nameof(shape));
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 1 << 16);
        WriteHeader(stream, "<f4", shape);
        if (BitConverter.IsLittleEndian)
        {
            stream.Write(MemoryMarshal.AsBytes(data));
        }
        else
        {
            var swapped = MemoryMarshal.Cast<float, int>(data).ToArray();
            BinaryPrimitives.ReverseEndianness(swapped, swapped);
            stream.Write(MemoryMarshal.AsBytes(swapped.AsSpan()));
        }
    }

    /// <summary>
    /// Writes a version 1.0 header for a C-order array of <paramref name="descr"/> (e.g. <c>&lt;f4</c>, <c>&lt;i4</c>)
    /// and <paramref name="shape"/> (one or two axes); the data follows it.
    /// </summary>
    public static void WriteHeader(Stream stream, string descr, ReadOnlySpan<int> shape)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var shapeText = shape.Length == 1
            ? string.Create(CultureInfo.InvariantCulture, $"({shape[0]},)")
            : string.Create(CultureInfo.InvariantCulture, $"({shape[0]}, {shape[1]})");
        var header = $"{{'descr': '{descr}', 'fortran_order': False, 'shape': {shapeText}, }}";
        // Magic (6) + version (2) + length (2) + header + '\n', padded with spaces to a multiple of 64.
        var unpadded = 10 + header.Length + 1;
        var padded = (unpadded + 63) / 64 * 64;
        header = header.PadRight(header.Length + padded - unpadded) + "\n";
        Span<byte> prefix = stackalloc byte[10];
        Magic.CopyTo(prefix);
        prefix[6] = 1;
        prefix[7] = 0;
        BinaryPrimitives.WriteUInt16LittleEndian(prefix[8..], (ushort)header.Length);
        stream.Write(prefix);
        stream.Write(Encoding.ASCII.GetBytes(header));
    }

    private static int[] ReadHeader(Stream stream, string path)
    {
        Span<byte> prefix = stackalloc byte[10];
        if (stream.ReadAtLeast(prefix, prefix.Length, throwOnEndOfStream: false) < prefix.Length || !prefix[..6].SequenceEqual(Magic))
        {
            throw new DataFileException(path, "not a .npy file (the magic string \\x93NUMPY is missing)");
        }

        var major = prefix[6];
        int headerLength;
        if (major == 1)
        {
            headerLength = BinaryPrimitives.ReadUInt16LittleEndian(prefix[8..]);
        }
        else if (major is 2 or 3)
        {
            Span<byte> rest = stackalloc byte[2];
            if (stream.ReadAtLeast(rest, 2, throwOnEndOfStream: false) < 2)
            {
                throw new DataFileException(path, "truncated .npy header");
            }

            var length = BinaryPrimitives.ReadUInt32LittleEndian([prefix[8], prefix[9], rest[0], rest[1]]);
            if (length > 1 << 20)
            {
                throw new DataFileException(path, $".npy header length {length} is implausible");
            }

            headerLength = (int)length;
        }
        else
        {
            throw new DataFileException(path, $".npy format version {major}.{prefix[7]} is not supported (1.0, 2.0 and 3.0 are)");
        }

        var headerBytes = new byte[headerLength];
        if (stream.ReadAtLeast(headerBytes, headerLength, throwOnEndOfStream: false) < headerLength)
        {
            throw new DataFileException(path, "truncated .npy header");
        }

        var header = (major == 3 ? Encoding.UTF8 : Encoding.Latin1).GetString(headerBytes);
        return NpyHeader.Parse(header, path);
    }
}
