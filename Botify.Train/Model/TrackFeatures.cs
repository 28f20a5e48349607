using Botify.Shared.Catalog;

namespace Botify.Train.Model;

/// <summary>
/// The catalog side information a track shares with others: its artist and its genres, as dense
/// feature ids (artists first, then genres) in a compressed row layout.
/// </summary>
public sealed class TrackFeatures
{
    private readonly int[] _offsets;
    private readonly int[] _ids;

    private TrackFeatures(int[] offsets, int[] ids, int count)
    {
        _offsets = offsets;
        _ids = ids;
        Count = count;
    }

    /// <summary>Number of distinct features.</summary>
    public int Count { get; }

    /// <summary>The feature ids of a track.</summary>
    public ReadOnlySpan<int> Of(int track) => _ids.AsSpan(_offsets[track], _offsets[track + 1] - _offsets[track]);

    /// <summary>Artist and genre features of every catalog track.</summary>
    public static TrackFeatures FromCatalog(TrackCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var genreIds = new Dictionary<string, int>(StringComparer.Ordinal);
        var offsets = new int[catalog.Count + 1];
        var ids = new List<int>(catalog.Count * 2);
        for (var track = 0; track < catalog.Count; track++)
        {
            ids.Add(catalog.ArtistOf(track));
            foreach (var genre in catalog[track].Genres.Distinct(StringComparer.Ordinal))
            {
                if (!genreIds.TryGetValue(genre, out var id))
                {
                    id = genreIds.Count;
                    genreIds.Add(genre, id);
                }

                ids.Add(catalog.ArtistCount + id);
            }

            offsets[track + 1] = ids.Count;
        }

        return new TrackFeatures(offsets, [.. ids], catalog.ArtistCount + genreIds.Count);
    }
}
