using System.Globalization;
using System.Text.RegularExpressions;
using Botify.Shared.Data;

namespace Botify.Shared.Npy;

/// <summary>Parses the Python-literal dictionary that heads a <c>.npy</c> file.</summary>
internal static partial class NpyHeader
{
    [GeneratedRegex(@"'descr'\s*:\s*'(?<descr>[^']*)'")]
    private static partial Regex DescrPattern();

    [GeneratedRegex(@"'fortran_order'\s*:\s*(?<order>True|False)")]
    private static partial Regex OrderPattern();

    [GeneratedRegex(@"'shape'\s*:\s*\((?<shape>[^)]*)\)")]
    private static partial Regex ShapePattern();

    public static int[] Parse(string header, string path)
    {
        var descr = DescrPattern().Match(header);
        var order = OrderPattern().Match(header);
        var shape = ShapePattern().Match(header);
        if (!descr.Success || !order.Success || !shape.Success)
        {
            throw new DataFileException(path, $".npy header is malformed: {header.Trim()}");
        }

        var dtype = descr.Groups["descr"].Value;
        if (dtype is not ("<f4" or "=f4" or "f4") || (dtype == "=f4" && !BitConverter.IsLittleEndian))
        {
            throw new DataFileException(path, $"dtype '{dtype}' is not supported: Botify reads little-endian float32 ('<f4')");
        }

        if (order.Groups["order"].Value == "True")
        {
            throw new DataFileException(path, "Fortran-order arrays are not supported: save the array in C order (numpy.ascontiguousarray)");
        }

        var axes = shape.Groups["shape"].Value
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (axes.Length is < 1 or > 2)
        {
            throw new DataFileException(path, $"shape ({shape.Groups["shape"].Value}) has {axes.Length} axes; Botify reads arrays with one or two");
        }

        var result = new int[axes.Length];
        for (var i = 0; i < axes.Length; i++)
        {
            if (!int.TryParse(axes[i], NumberStyles.None, CultureInfo.InvariantCulture, out result[i]))
            {
                throw new DataFileException(path, $"shape axis '{axes[i]}' is not a non-negative 32-bit integer");
            }
        }

        return result;
    }
}
