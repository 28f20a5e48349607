using Botify.Shared.Catalog;
using Botify.Shared.Embeddings;
using Botify.Sim.Listeners;
using Botify.Sim.Worlds;

namespace Botify.Sim.Tests;

/// <summary>Worlds small enough to compute by hand, and a small generated one shared by tests.</summary>
internal static class TinyWorlds
{
    private static readonly Lazy<World> SmallWorld = new(() => WorldGenerator.Generate(new WorldOptions { Tracks = 3_000, Listeners = 300, Seed = 7 }));

    /// <summary>A generated world of 3,000 tracks and 300 listeners (seed 7).</summary>
    public static World Small => SmallWorld.Value;

    /// <summary>
    /// Four tracks in two dimensions: 0 = (2, 0) and 1 = (1.5, 0) by artist A; 2 = (0, 1) and 3 = (1, 1) by artist B.
    /// With taste s = true[0], the affinities are 4, 3, 0 and 2.
    /// </summary>
    public static World HandMade(Listener listener)
    {
        var catalog = new TrackCatalog(
        [
            new CatalogTrack(0, "A", "zero", []),
            new CatalogTrack(1, "A", "one", []),
            new CatalogTrack(2, "B", "two", []),
            new CatalogTrack(3, "B", "three", []),
        ]);
        var vectors = new EmbeddingTable([2f, 0f, 1.5f, 0f, 0f, 1f, 1f, 1f], 4, 2);
        return new World(catalog, vectors, [listener]);
    }
}
