namespace Botify.Api.Tests.EndToEnd;

/// <summary>Seeded mutations of a valid message, as a small fuzzer makes them: flip, replace, insert, delete, truncate, splice.</summary>
internal sealed class ByteMutator(int seed, byte[] interesting)
{
    private readonly Random _random = new(seed);

    public Random Random => _random;

    /// <summary>One to three mutations of <paramref name="valid"/>.</summary>
    public byte[] Mutate(byte[] valid)
    {
        var bytes = new List<byte>(valid);
        for (var n = _random.Next(1, 4); n > 0; n--)
        {
            var at = bytes.Count == 0 ? 0 : _random.Next(bytes.Count);
            switch (_random.Next(7))
            {
                case 0 when bytes.Count > 0:
                    bytes[at] ^= (byte)(1 << _random.Next(8));
                    break;
                case 1 when bytes.Count > 0:
                    bytes[at] = Pick();
                    break;
                case 2:
                    bytes.Insert(at, Pick());
                    break;
                case 3 when bytes.Count > 0:
                    bytes.RemoveAt(at);
                    break;
                case 4:
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
                case 5:
                    var run = new byte[_random.Next(1, 12)];
                    _random.NextBytes(run);
                    bytes.InsertRange(at, run);
                    break;
                default:
                    // A copy of a slice of the message elsewhere in it: repeated fields, nested garbage.
                    var from = _random.Next(bytes.Count + 1);
                    var slice = bytes.Skip(from).Take(_random.Next(1, 8)).ToList();
                    bytes.InsertRange(at, slice);
                    break;
            }
        }

        return [.. bytes];
    }

    private byte Pick() => _random.Next(3) == 0 ? (byte)_random.Next(256) : interesting[_random.Next(interesting.Length)];
}
