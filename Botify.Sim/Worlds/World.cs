using Botify.Shared.Catalog;
using Botify.Shared.Data;
using Botify.Shared.Embeddings;
using Botify.Shared.Npy;
using Botify.Sim.Listeners;

namespace Botify.Sim.Worlds;

/// <summary>
/// What the simulator knows and the recommender must not: the catalog, a hidden true vector per track
/// and the listeners with their tastes.
/// </summary>
public sealed class World
{
    private readonly Lazy<TrueAffinity> _affinity;

    /// <summary>Assembles a world; every listener's interests must be tracks of the catalog.</summary>
    /// <exception cref="ArgumentException">The vectors do not match the catalog, or an interest is not a track.</exception>
    public World(TrackCatalog catalog, EmbeddingTable trueVectors, IReadOnlyList<Listener> listeners)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(trueVectors);
        ArgumentNullException.ThrowIfNull(listeners);
        if (trueVectors.Rows != catalog.Count)
        {
            throw new ArgumentException($"{trueVectors.Rows} true vectors for {catalog.Count} tracks", nameof(trueVectors));
        }

        if (listeners.Count == 0)
        {
            throw new ArgumentException("a world needs at least one listener", nameof(listeners));
        }

        foreach (var listener in listeners)
        {
            foreach (var interest in listener.Interests)
            {
                if (!catalog.Contains(interest))
                {
                    throw new ArgumentException($"listener {listener.Id} is interested in track {interest}, which is not in the catalog", nameof(listeners));
                }
            }
        }

        Catalog = catalog;
        TrueVectors = trueVectors;
        Listeners = listeners;
        _affinity = new Lazy<TrueAffinity>(() => new TrueAffinity(trueVectors), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The tracks and their artists.</summary>
    public TrackCatalog Catalog { get; }

    /// <summary>Row i = hidden true vector of track i.</summary>
    public EmbeddingTable TrueVectors { get; }

    /// <summary>The listeners.</summary>
    public IReadOnlyList<Listener> Listeners { get; }

    /// <summary>Dimension of the true vectors.</summary>
    public int Dimension => TrueVectors.Dimension;

    /// <summary>Fast scoring of the true vectors (built on first use).</summary>
    public TrueAffinity Affinity => _affinity.Value;

    /// <summary>Reads <c>tracks.json</c>, <c>tracks.npy</c> and <c>users.json</c> from <paramref name="directory"/>.</summary>
    /// <exception cref="DataFileException">A file is missing or malformed; the message names the file (and line and field).</exception>
    public static World Load(string directory)
    {
        var catalog = TrackCatalog.Load(Path.Combine(directory, WorldFiles.Tracks));
        var vectorsPath = Path.Combine(directory, WorldFiles.Vectors);
        var vectors = NpyFile.ReadTable(vectorsPath);
        if (vectors.Rows != catalog.Count)
        {
            throw new DataFileException(vectorsPath, $"has {vectors.Rows} rows but the catalog has {catalog.Count} tracks");
        }

        if (vectors.IndexOfNonFinite() is var bad and >= 0)
        {
            throw new DataFileException(vectorsPath, $"row {bad / vectors.Dimension} holds a value that is not finite");
        }

        var listeners = ListenerFile.Load(Path.Combine(directory, WorldFiles.Listeners), catalog.Count);
        return new World(catalog, vectors, listeners);
    }

    /// <summary>Writes the world as the course's three files into <paramref name="directory"/> (created if missing).</summary>
    public void Save(string directory)
    {
        Directory.CreateDirectory(directory);
        Catalog.Save(Path.Combine(directory, WorldFiles.Tracks));
        NpyFile.Write(Path.Combine(directory, WorldFiles.Vectors), TrueVectors);
        ListenerFile.Save(Path.Combine(directory, WorldFiles.Listeners), Listeners);
    }
}
