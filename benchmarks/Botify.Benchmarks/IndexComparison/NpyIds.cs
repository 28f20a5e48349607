using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;
using Botify.Shared.Data;
using Botify.Shared.Npy;

namespace Botify.Benchmarks.IndexComparison;

/// <summary>
/// Two-axis integer <c>.npy</c> files (the ground truth's ids): written as little-endian int32 in C order
/// with a version 1.0 header padded to 64 bytes; read from int32 or int64 (what faiss and hnswlib return),
/// C order. Float tables go through <see cref="Botify.Shared.Npy.NpyFile"/>; this covers the one integer
/// array it does not. Faults are <see cref="DataFileException"/>s naming the file.
/// </summary>
internal static partial class NpyIds
{
    private static ReadOnlySpan<byte> Magic => [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    [GeneratedRegex(@"^\{\s*'descr'\s*:\s*'(?<descr>[^']*)'\s*,\s*'fortran_order'\s*:\s*(?<order>True|False)\s*,\s*'shape'\s*:\s*\((?<shape>[^)]*)\)\s*,?\s*\}\s*$")]
    private static partial Regex HeaderPattern();

    /// <summary>Writes <paramref name="ids"/> as an int32 array of shape (rows, columns).</summary>
    public static void Write(string path, ReadOnlySpan<int> ids, int rows, int columns)
    {
        if ((long)rows * columns != ids.Length)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"shape ({rows}, {columns}) does not describe {ids.Length} values"), nameof(ids));
        }

        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        NpyFile.WriteHeader(stream, "<i4", [rows, columns]);
        var data = ids.ToArray();
        if (!BitConverter.IsLittleEndian)
        {
            BinaryPrimitives.ReverseEndianness(data, data);
        }

        stream.Write(MemoryMarshal.AsBytes(data.AsSpan()));
    }

    /// <summary>Reads a two-axis int32 or int64 array as int32 ids, row after row.</summary>
    /// <exception cref="DataFileException">Missing, not <c>.npy</c>, another dtype or order, not two axes, an id beyond int32, or truncated.</exception>
    public static (int[] Ids, int Rows, int Columns) Read(string path)
    {
        using var stream = DataFiles.OpenRead(path);
        var (descr, rows, columns) = ReadHeader(stream, path);
        var width = descr == "<i8" ? 8 : 4;
        var expected = (long)rows * columns * width;
        if ((long)rows * columns > Array.MaxLength || stream.Length - stream.Position < expected)
        {
            throw new DataFileException(path, string.Create(CultureInfo.InvariantCulture,
                $"truncated: shape ({rows}, {columns}) of '{descr}' needs {expected} data bytes, the file has {stream.Length - stream.Position}"));
        }

        var raw = GC.AllocateUninitializedArray<byte>((int)expected);
        stream.ReadExactly(raw);
        var ids = new int[rows * columns];
        for (var i = 0; i < ids.Length; i++)
        {
            var value = width == 4 ? BinaryPrimitives.ReadInt32LittleEndian(raw.AsSpan(i * 4)) : BinaryPrimitives.ReadInt64LittleEndian(raw.AsSpan(i * 8));
            if (value is < int.MinValue or > int.MaxValue)
            {
                throw new DataFileException(path, string.Create(CultureInfo.InvariantCulture, $"row {i / columns} column {i % columns} holds {value}, beyond int32"));
            }

            ids[i] = (int)value;
        }

        return (ids, rows, columns);
    }

    private static (string Descr, int Rows, int Columns) ReadHeader(Stream stream, string path)
    {
        Span<byte> prefix = stackalloc byte[12];
        if (stream.ReadAtLeast(prefix[..10], 10, throwOnEndOfStream: false) < 10 || !prefix[..6].SequenceEqual(Magic))
        {
            throw new DataFileException(path, "not a .npy file (the magic string \\x93NUMPY is missing)");
        }

        int length;
        if (prefix[6] == 1)
        {
            length = BinaryPrimitives.ReadUInt16LittleEndian(prefix[8..]);
        }
        else if (prefix[6] is 2 or 3 && stream.ReadAtLeast(prefix[10..], 2, throwOnEndOfStream: false) == 2)
        {
            var wide = BinaryPrimitives.ReadUInt32LittleEndian(prefix[8..]);
            length = wide <= 1 << 20 ? (int)wide : throw new DataFileException(path, $".npy header length {wide} is implausible");
        }
        else
        {
            throw new DataFileException(path, $".npy format version {prefix[6]}.{prefix[7]} is not supported (1.0, 2.0 and 3.0 are)");
        }

        var bytes = new byte[length];
        if (stream.ReadAtLeast(bytes, length, throwOnEndOfStream: false) < length)
        {
            throw new DataFileException(path, "truncated .npy header");
        }

        var header = Encoding.Latin1.GetString(bytes).Trim();
        var match = HeaderPattern().Match(header);
        if (!match.Success)
        {
            throw new DataFileException(path, $".npy header is malformed (expected 'descr', 'fortran_order', 'shape' in that order): {header}");
        }

        var descr = match.Groups["descr"].Value;
        descr = BitConverter.IsLittleEndian && descr is "=i4" or "=i8" ? "<" + descr[1..] : descr;
        if (descr is not ("<i4" or "<i8"))
        {
            throw new DataFileException(path, $"dtype '{descr}' is not supported: ids must be little-endian int32 ('<i4') or int64 ('<i8')");
        }

        if (match.Groups["order"].Value == "True")
        {
            throw new DataFileException(path, "Fortran-order arrays are not supported: save the array in C order (numpy.ascontiguousarray)");
        }

        var axes = match.Groups["shape"].Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (axes.Length != 2
            || !int.TryParse(axes[0], NumberStyles.None, CultureInfo.InvariantCulture, out var rows)
            || !int.TryParse(axes[1], NumberStyles.None, CultureInfo.InvariantCulture, out var columns))
        {
            throw new DataFileException(path, $"expected a two-axis array [queries, k], found shape ({match.Groups["shape"].Value})");
        }

        return (descr, rows, columns);
    }
}
