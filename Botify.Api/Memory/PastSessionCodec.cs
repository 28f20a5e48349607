using System.Buffers.Binary;
using System.Globalization;

namespace Botify.Api.Memory;

/// <summary>
/// Binary form of a <see cref="PastSession"/> in a shared store: a version byte, the end time (int64), the
/// track count (uint16), the tracks (little-endian int32) and each share heard in hundredths (one byte; the
/// course's shares have two decimals). 11 + 5 bytes a track.
/// </summary>
internal static class PastSessionCodec
{
    private const byte Version = 1;
    private const int HeaderBytes = 11;

    public static byte[] Encode(PastSession session)
    {
        var n = session.Tracks.Length;
        var buffer = new byte[HeaderBytes + (5 * n)];
        buffer[0] = Version;
        BinaryPrimitives.WriteInt64LittleEndian(buffer.AsSpan(1), session.EndedMs);
        BinaryPrimitives.WriteUInt16LittleEndian(buffer.AsSpan(9), checked((ushort)n));
        for (var i = 0; i < n; i++)
        {
            BinaryPrimitives.WriteInt32LittleEndian(buffer.AsSpan(HeaderBytes + (4 * i)), session.Tracks[i]);
            buffer[HeaderBytes + (4 * n) + i] = (byte)Math.Round(Math.Clamp(session.Shares[i], 0f, 1f) * 100f);
        }

        return buffer;
    }

    /// <exception cref="FormatException">The bytes are not a past session of this version (the message says what is wrong).</exception>
    public static PastSession Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < HeaderBytes || bytes[0] != Version)
        {
            throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"a past session of {bytes.Length} bytes with version {(bytes.Length > 0 ? bytes[0] : -1)}; expected version {Version}"));
        }

        var n = BinaryPrimitives.ReadUInt16LittleEndian(bytes[9..]);
        if (n == 0 || bytes.Length != HeaderBytes + (5 * n))
        {
            throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"a past session of {bytes.Length} bytes says {n} tracks"));
        }

        var tracks = new int[n];
        var shares = new float[n];
        for (var i = 0; i < n; i++)
        {
            tracks[i] = BinaryPrimitives.ReadInt32LittleEndian(bytes[(HeaderBytes + (4 * i))..]);
            var hundredths = bytes[HeaderBytes + (4 * n) + i];
            if (hundredths > 100)
            {
                throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"track {i} of a past session has a share of {hundredths} hundredths; at most 100"));
            }

            shares[i] = hundredths / 100f;
        }

        return new PastSession(BinaryPrimitives.ReadInt64LittleEndian(bytes[1..]), tracks, shares);
    }
}
