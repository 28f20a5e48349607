using System.Text.Json;
using System.Text.Json.Serialization;
using Botify.Shared.Data;

namespace Botify.Shared.Catalog;

/// <summary>
/// The track catalog: tracks with dense ids 0..n-1, each with an artist. Artists get dense ids of
/// their own (in order of first appearance) so hot paths compare integers, not strings.
/// </summary>
public sealed class TrackCatalog
{
    private readonly CatalogTrack[] _tracks;
    private readonly int[] _artistOfTrack;

    /// <summary>Builds a catalog from tracks whose ids are exactly 0..n-1 in order.</summary>
    /// <exception cref="ArgumentException">The ids are not dense and in order.</exception>
    public TrackCatalog(IReadOnlyList<CatalogTrack> tracks)
    {
        ArgumentNullException.ThrowIfNull(tracks);
        _tracks = new CatalogTrack[tracks.Count];
        _artistOfTrack = new int[tracks.Count];
        var artistIds = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < tracks.Count; i++)
        {
            var track = tracks[i];
            if (track.Track != i)
            {
                throw new ArgumentException($"track ids must be 0..n-1 in order; position {i} holds track {track.Track}", nameof(tracks));
            }

            if (!artistIds.TryGetValue(track.Artist, out var artist))
            {
                artist = artistIds.Count;
                artistIds.Add(track.Artist, artist);
            }

            _tracks[i] = track;
            _artistOfTrack[i] = artist;
        }

        ArtistCount = artistIds.Count;
    }

    /// <summary>Number of tracks.</summary>
    public int Count => _tracks.Length;

    /// <summary>Number of distinct artists.</summary>
    public int ArtistCount { get; }

    /// <summary>All tracks by id.</summary>
    public IReadOnlyList<CatalogTrack> Tracks => _tracks;

    /// <summary>The track with id <paramref name="track"/>.</summary>
    public CatalogTrack this[int track] => _tracks[track];

    /// <summary>True when <paramref name="track"/> is an id of this catalog.</summary>
    public bool Contains(int track) => (uint)track < (uint)_tracks.Length;

    /// <summary>Dense artist id of a track.</summary>
    public int ArtistOf(int track) => _artistOfTrack[track];

    /// <summary>
    /// Reads a catalog from JSON lines (optionally gzip-compressed). Lines may come in any order but
    /// the ids must cover 0..n-1 exactly once; <c>genres</c> is optional.
    /// </summary>
    /// <exception cref="DataFileException">The file is missing, or a line is malformed (the message names the line and field).</exception>
    public static TrackCatalog Load(string path)
    {
        var tracks = new List<CatalogTrack>();
        using (var reader = TextFiles.OpenText(path))
        {
            var lineNumber = 0;
            while (reader.ReadLine() is { } line)
            {
                lineNumber++;
                if (string.IsNullOrWhiteSpace(line))
                {
                    continue;
                }

                tracks.Add(ParseLine(line, path, lineNumber));
            }
        }

        if (tracks.Count == 0)
        {
            throw new DataFileException(path, "the catalog has no tracks");
        }

        var ordered = new CatalogTrack?[tracks.Count];
        foreach (var track in tracks)
        {
            if ((uint)track.Track >= (uint)ordered.Length)
            {
                throw new DataFileException(path, $"track id {track.Track} is outside 0..{ordered.Length - 1}: ids must be dense");
            }

            if (ordered[track.Track] is not null)
            {
                throw new DataFileException(path, $"track id {track.Track} appears twice");
            }

            ordered[track.Track] = track;
        }

        return new TrackCatalog(ordered!);
    }

    /// <summary>Writes the catalog as JSON lines (gzip-compressed when the path ends in <c>.gz</c>).</summary>
    public void Save(string path)
    {
        using var writer = TextFiles.CreateText(path);
        foreach (var track in _tracks)
        {
            writer.WriteLine(JsonSerializer.Serialize(
                new CatalogLine { Track = track.Track, Artist = track.Artist, Title = track.Title, Genres = [.. track.Genres] },
                CatalogJsonContext.Default.CatalogLine));
        }
    }

    private static CatalogTrack ParseLine(string line, string path, int lineNumber)
    {
        CatalogLine? parsed;
        try
        {
            parsed = JsonSerializer.Deserialize(line, CatalogJsonContext.Default.CatalogLine);
        }
        catch (JsonException e)
        {
            throw new DataFileException(path, $"line {lineNumber}: not a valid catalog record ({e.Message})", e);
        }

        if (parsed is null)
        {
            throw new DataFileException(path, $"line {lineNumber}: expected a JSON object, found null");
        }

        if (parsed.Track is not { } id)
        {
            throw new DataFileException(path, $"line {lineNumber}: field 'track' is missing");
        }

        if (id < 0)
        {
            throw new DataFileException(path, $"line {lineNumber}: field 'track' is {id}; ids are non-negative");
        }

        if (parsed.Artist is null)
        {
            throw new DataFileException(path, $"line {lineNumber}: field 'artist' is missing");
        }

        return new CatalogTrack(id, parsed.Artist, parsed.Title ?? string.Empty, parsed.Genres ?? []);
    }
}
