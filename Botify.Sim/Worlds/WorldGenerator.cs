using System.Globalization;
using System.Numerics.Tensors;
using Botify.Shared.Catalog;
using Botify.Shared.Embeddings;
using Botify.Sim.Listeners;

namespace Botify.Sim.Worlds;

/// <summary>
/// Seeded generator of worlds. True vectors are structured genre → artist → track (tracks of an
/// artist lie together, artists of a genre less so) with lengths that vary; listeners follow the
/// course's distributions (3 interests, consume_bias uniform 0..10, consume_sharpness uniform 0.5..2).
/// Catalog, vectors and listeners draw from separate seeded streams, so supplying one of them does
/// not change the others.
/// </summary>
public static class WorldGenerator
{
    private static readonly string[] GenreNames =
    [
        "rock", "pop", "jazz", "blues", "classical", "hip-hop", "electronic", "folk", "country", "metal",
        "punk", "soul", "reggae", "latin", "ambient", "funk", "indie", "r&b", "world", "soundtrack",
    ];

    /// <summary>Generates a whole world.</summary>
    public static World Generate(WorldOptions options) => Generate(options, catalog: null, listeners: null);

    /// <summary>
    /// Generates what is not given: a catalog when <paramref name="catalog"/> is null (otherwise its artists
    /// and genres shape the vectors), always the true vectors, and listeners when <paramref name="listeners"/> is null.
    /// </summary>
    public static World Generate(WorldOptions options, TrackCatalog? catalog, IReadOnlyList<Listener>? listeners)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        int[] genreOfArtist;
        if (catalog is null)
        {
            catalog = GenerateCatalog(options, out genreOfArtist);
        }
        else
        {
            genreOfArtist = GenresOfCatalog(catalog, options);
        }

        var vectors = GenerateVectors(catalog, genreOfArtist, options);
        listeners ??= GenerateListeners(options, catalog.Count);
        return new World(catalog, vectors, listeners);
    }

    /// <summary>A catalog of <see cref="WorldOptions.Tracks"/> tracks by long-tailed artists; <paramref name="genreOfArtist"/> gives each artist's genre.</summary>
    public static TrackCatalog GenerateCatalog(WorldOptions options, out int[] genreOfArtist)
    {
        ArgumentNullException.ThrowIfNull(options);
        var random = new Random(Mix(options.Seed, 1));
        var n = options.Tracks;
        var artistCount = Math.Clamp(options.Artists ?? Math.Max(1, n / 10), 1, n);

        // Every artist has one track; the rest go by lognormal weights, which gives the long tail.
        var cumulative = new double[artistCount];
        var total = 0.0;
        for (var a = 0; a < artistCount; a++)
        {
            total += Math.Exp(options.ArtistSizeSigma * ClusteredVectors.Gaussian(random));
            cumulative[a] = total;
        }

        var artistOfTrack = new int[n];
        for (var t = 0; t < n; t++)
        {
            if (t < artistCount)
            {
                artistOfTrack[t] = t;
                continue;
            }

            var index = Array.BinarySearch(cumulative, random.NextDouble() * total);
            artistOfTrack[t] = Math.Min(index < 0 ? ~index : index, artistCount - 1);
        }

        random.Shuffle(artistOfTrack);
        genreOfArtist = new int[artistCount];
        for (var a = 0; a < artistCount; a++)
        {
            genreOfArtist[a] = random.Next(options.Genres);
        }

        // Artist names are numbered in order of first appearance, so the catalog's dense artist ids
        // (also by first appearance) equal the generator's.
        var renumber = new int[artistCount];
        Array.Fill(renumber, -1);
        var next = 0;
        var tracks = new CatalogTrack[n];
        var remappedGenres = new int[artistCount];
        for (var t = 0; t < n; t++)
        {
            var a = artistOfTrack[t];
            if (renumber[a] < 0)
            {
                renumber[a] = next;
                remappedGenres[next] = genreOfArtist[a];
                next++;
            }

            var artist = renumber[a];
            var genre = GenreName(remappedGenres[artist]);
            tracks[t] = new CatalogTrack(
                t,
                string.Create(CultureInfo.InvariantCulture, $"Artist {artist:D4}"),
                string.Create(CultureInfo.InvariantCulture, $"Song {t:D5}"),
                [genre]);
        }

        genreOfArtist = remappedGenres;
        return new TrackCatalog(tracks);
    }

    /// <summary>Hidden true vectors for a catalog: genre centre → artist centre → track, then a varying length.</summary>
    public static EmbeddingTable GenerateVectors(TrackCatalog catalog, IReadOnlyList<int> genreOfArtist, WorldOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(genreOfArtist);
        ArgumentNullException.ThrowIfNull(options);
        var random = new Random(Mix(options.Seed, 2));
        var d = options.Dimension;
        var genres = 0;
        foreach (var genre in genreOfArtist)
        {
            genres = Math.Max(genres, genre + 1);
        }

        var genreCentres = new float[genres * d];
        for (var g = 0; g < genres; g++)
        {
            var centre = genreCentres.AsSpan(g * d, d);
            ClusteredVectors.FillGaussian(random, centre, 1f);
            Normalize(centre);
        }

        var noise = 1f / MathF.Sqrt(d);
        var artistCentres = new float[catalog.ArtistCount * d];
        for (var a = 0; a < catalog.ArtistCount; a++)
        {
            var centre = artistCentres.AsSpan(a * d, d);
            ClusteredVectors.FillGaussian(random, centre, options.ArtistSpread * noise);
            TensorPrimitives.Add(centre, genreCentres.AsSpan(genreOfArtist[a] * d, d), centre);
            Normalize(centre);
        }

        var table = EmbeddingTable.Zeros(catalog.Count, d);
        for (var t = 0; t < catalog.Count; t++)
        {
            var row = table.Row(t);
            ClusteredVectors.FillGaussian(random, row, options.TrackSpread * noise);
            TensorPrimitives.Add(row, artistCentres.AsSpan(catalog.ArtistOf(t) * d, d), row);
            Normalize(row);
            TensorPrimitives.Multiply(row, options.Scale * MathF.Exp(options.NormSigma * ClusteredVectors.Gaussian(random)), row);
        }

        return table;
    }

    /// <summary>Listeners as the course draws them: distinct uniform interests, bias uniform 0..10, sharpness uniform 0.5..2.</summary>
    public static IReadOnlyList<Listener> GenerateListeners(WorldOptions options, int trackCount)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(trackCount, 1);
        var random = new Random(Mix(options.Seed, 3));
        var listeners = new Listener[options.Listeners];
        var wanted = Math.Min(options.InterestsPerListener, trackCount);
        for (var u = 0; u < listeners.Length; u++)
        {
            var interests = new List<int>(wanted);
            while (interests.Count < wanted)
            {
                var track = random.Next(trackCount);
                if (!interests.Contains(track))
                {
                    interests.Add(track);
                }
            }

            var bias = Math.Round(10.0 * random.NextDouble(), 6);
            var sharpness = Math.Round(0.5 + (1.5 * random.NextDouble()), 6);
            listeners[u] = new Listener(u, interests, bias, sharpness);
        }

        return listeners;
    }

    private static int[] GenresOfCatalog(TrackCatalog catalog, WorldOptions options)
    {
        // An artist's genre is the first genre of its first track; artists of a catalog without genres
        // (the course's) get a seeded random one.
        var random = new Random(Mix(options.Seed, 4));
        var named = new Dictionary<string, int>(StringComparer.Ordinal);
        var genreOfArtist = new int[catalog.ArtistCount];
        Array.Fill(genreOfArtist, -1);
        for (var t = 0; t < catalog.Count; t++)
        {
            var artist = catalog.ArtistOf(t);
            if (genreOfArtist[artist] >= 0)
            {
                continue;
            }

            var genres = catalog[t].Genres;
            if (genres.Count > 0)
            {
                if (!named.TryGetValue(genres[0], out var id))
                {
                    id = named.Count;
                    named.Add(genres[0], id);
                }

                genreOfArtist[artist] = id;
            }
            else
            {
                genreOfArtist[artist] = options.Genres + random.Next(options.Genres);
            }
        }

        return genreOfArtist;
    }

    private static string GenreName(int genre) =>
        genre < GenreNames.Length ? GenreNames[genre] : string.Create(CultureInfo.InvariantCulture, $"genre-{genre:D2}");

    private static int Mix(int seed, int part) => unchecked((seed * 1_000_003) + (part * 7919));

    private static void Normalize(Span<float> vector)
    {
        var norm = TensorPrimitives.Norm(vector);
        if (norm > 0)
        {
            TensorPrimitives.Divide(vector, norm, vector);
        }
    }
}
