using System.Buffers.Binary;

namespace Botify.Api.Sessions;

/// <summary>
/// Binary form of a <see cref="ListenerSession"/> for shared stores: a version byte, the last-seen
/// time, the two buffer capacities, then the played list, the history stack and the two buffers, each
/// as a count and little-endian ids, then (version 2) the share heard of each played track as a count
/// and little-endian float32s. Compact because it crosses the network on every call.
/// <para>
/// Version 1 (no shares) still decodes, every share 1.0, so replicas of the previous version and this
/// one can share a Redis store during a rolling deploy.
/// </para>
/// </summary>
internal static class SessionCodec
{
    private const byte Version = 2;

    /// <summary>The version before shares were kept.</summary>
    private const byte VersionWithoutShares = 1;

    public static byte[] Encode(ListenerSession session)
    {
        var length = 1 + 8 + 4 + 4 + (5 * 4) + (4 * ((2 * session.Played.Count) + session.History.Count + session.StaleTracks.Count + session.StaleArtists.Count));
        var buffer = new byte[length];
        var span = buffer.AsSpan();
        span[0] = Version;
        BinaryPrimitives.WriteInt64LittleEndian(span[1..], session.LastSeenMs);
        BinaryPrimitives.WriteInt32LittleEndian(span[9..], session.StaleTracks.Capacity);
        BinaryPrimitives.WriteInt32LittleEndian(span[13..], session.StaleArtists.Capacity);
        var offset = 17;
        WriteList(span, ref offset, session.Played);
        WriteList(span, ref offset, session.History);
        WriteList(span, ref offset, session.StaleTracks.Items);
        WriteList(span, ref offset, session.StaleArtists.Items);
        BinaryPrimitives.WriteInt32LittleEndian(span[offset..], session.Shares.Count);
        offset += 4;
        foreach (var share in session.Shares)
        {
            BinaryPrimitives.WriteSingleLittleEndian(span[offset..], share);
            offset += 4;
        }

        return buffer;
    }

    /// <exception cref="FormatException">The bytes are not a session of this version or the one before.</exception>
    public static ListenerSession Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < 17 || bytes[0] is not (Version or VersionWithoutShares))
        {
            throw new FormatException($"stored session has {bytes.Length} bytes and version {(bytes.Length > 0 ? bytes[0] : 0)}; expected version {VersionWithoutShares} or {Version}");
        }

        var lastSeen = BinaryPrimitives.ReadInt64LittleEndian(bytes[1..]);
        var tracksCapacity = BinaryPrimitives.ReadInt32LittleEndian(bytes[9..]);
        var artistsCapacity = BinaryPrimitives.ReadInt32LittleEndian(bytes[13..]);
        var offset = 17;
        var played = ReadList(bytes, ref offset);
        var history = ReadList(bytes, ref offset);
        var staleTracks = ReadList(bytes, ref offset);
        var staleArtists = ReadList(bytes, ref offset);
        float[]? shares = null;
        if (bytes[0] == Version)
        {
            // Same layout as an id list; the values are float32 bits.
            var bits = ReadList(bytes, ref offset);
            if (bits.Length != played.Length)
            {
                throw new FormatException($"stored session has {bits.Length} shares for {played.Length} played tracks");
            }

            shares = [.. bits.Select(BitConverter.Int32BitsToSingle)];
        }

        return new ListenerSession(played, history, new BoundedFifo(tracksCapacity, staleTracks), new BoundedFifo(artistsCapacity, staleArtists), lastSeen, shares);
    }

    private static void WriteList(Span<byte> span, ref int offset, IReadOnlyList<int> items)
    {
        BinaryPrimitives.WriteInt32LittleEndian(span[offset..], items.Count);
        offset += 4;
        foreach (var item in items)
        {
            BinaryPrimitives.WriteInt32LittleEndian(span[offset..], item);
            offset += 4;
        }
    }

    private static int[] ReadList(ReadOnlySpan<byte> bytes, ref int offset)
    {
        if (offset + 4 > bytes.Length)
        {
            throw new FormatException("stored session is truncated");
        }

        var count = BinaryPrimitives.ReadInt32LittleEndian(bytes[offset..]);
        offset += 4;
        if (count < 0 || offset + (4L * count) > bytes.Length)
        {
            throw new FormatException($"stored session claims {count} ids but is truncated");
        }

        var items = new int[count];
        for (var i = 0; i < count; i++)
        {
            items[i] = BinaryPrimitives.ReadInt32LittleEndian(bytes[offset..]);
            offset += 4;
        }

        return items;
    }
}
