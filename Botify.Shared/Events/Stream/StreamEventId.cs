using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;

namespace Botify.Shared.Events.Stream;

/// <summary>
/// The ids the API gives the events it publishes: <c>{16 hex digits drawn at start}-{sequence in hex}</c>, lower
/// case, no leading zero. Unique across pods and restarts without coordination (docs/operations/event-stream.md).
/// </summary>
public static class StreamEventId
{
    /// <summary>Hex digits of the instance part.</summary>
    public const int InstanceDigits = 16;

    /// <summary>The longest id: the instance, a dash, a 64-bit sequence in hex.</summary>
    public const int MaxLength = InstanceDigits + 1 + 16;

    private static readonly SearchValues<char> LowerHex = SearchValues.Create("0123456789abcdef");

    /// <summary>A new random instance part.</summary>
    public static string NewInstance() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(InstanceDigits / 2));

    /// <summary>Writes the id of event <paramref name="sequence"/> of <paramref name="instance"/> into <paramref name="destination"/> (at least <see cref="MaxLength"/> long); returns its length.</summary>
    public static int Format(string instance, long sequence, Span<char> destination)
    {
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentOutOfRangeException.ThrowIfNotEqual(instance.Length, InstanceDigits);
        instance.CopyTo(destination);
        destination[InstanceDigits] = '-';
        sequence.TryFormat(destination[(InstanceDigits + 1)..], out var digits, "x", CultureInfo.InvariantCulture);
        return InstanceDigits + 1 + digits;
    }

    /// <summary>
    /// The two numbers of an id spelt exactly as <see cref="Format"/> spells it; false for any other spelling, so two
    /// different ids never give the same numbers.
    /// </summary>
    public static bool TryUnpack(string id, out (ulong Instance, ulong Sequence) numbers)
    {
        ArgumentNullException.ThrowIfNull(id);
        numbers = default;
        if (id.Length <= InstanceDigits + 1 || id.Length > MaxLength || id[InstanceDigits] != '-')
        {
            return false;
        }

        var instance = id.AsSpan(0, InstanceDigits);
        var sequence = id.AsSpan(InstanceDigits + 1);
        if ((sequence[0] == '0' && sequence.Length > 1) || instance.ContainsAnyExcept(LowerHex) || sequence.ContainsAnyExcept(LowerHex))
        {
            return false;
        }

        numbers = (ulong.Parse(instance, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture),
            ulong.Parse(sequence, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture));
        return true;
    }
}
