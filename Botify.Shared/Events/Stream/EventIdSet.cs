using System.Buffers;
using System.Globalization;

namespace Botify.Shared.Events.Stream;

/// <summary>
/// The event ids a read has met, about 28 bytes each instead of a string's 100: the API's ids
/// (<c>{16 hex digits}-{hex sequence}</c>, lower case, no leading zero) kept as two 64-bit numbers, any other id as
/// its string. Only that one spelling is packed, so two different ids never pack to the same numbers.
/// </summary>
internal sealed class EventIdSet
{
    private const int InstanceDigits = 16;
    private static readonly SearchValues<char> LowerHex = SearchValues.Create("0123456789abcdef");

    private readonly HashSet<(ulong Instance, ulong Sequence)> _packed = [];
    private HashSet<string>? _other;

    /// <summary>Adds <paramref name="id"/>; false when it was met already.</summary>
    public bool Add(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        return TryPack(id, out var packed) ? _packed.Add(packed) : (_other ??= new HashSet<string>(StringComparer.Ordinal)).Add(id);
    }

    private static bool TryPack(string id, out (ulong, ulong) packed)
    {
        packed = default;
        var sequence = id.AsSpan(Math.Min(id.Length, InstanceDigits + 1));
        if (id.Length <= InstanceDigits + 1 || id[InstanceDigits] != '-' || sequence.Length > 16 || (sequence[0] == '0' && sequence.Length > 1)
            || !IsLowerHex(id.AsSpan(0, InstanceDigits)) || !IsLowerHex(sequence))
        {
            return false;
        }

        packed = (ulong.Parse(id.AsSpan(0, InstanceDigits), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture),
            ulong.Parse(sequence, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture));
        return true;
    }

    private static bool IsLowerHex(ReadOnlySpan<char> text) => !text.ContainsAnyExcept(LowerHex);
}
