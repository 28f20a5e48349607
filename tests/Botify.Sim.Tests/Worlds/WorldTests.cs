using Botify.Shared.Catalog;
using Botify.Shared.Data;
using Botify.Shared.Embeddings;
using Botify.Shared.Npy;
using Botify.Sim.Listeners;
using Botify.Sim.Worlds;

namespace Botify.Sim.Tests.Worlds;

public sealed class WorldTests
{
    [Test]
    public void SaveLoad_GeneratedWorld_RoundTripsCourseFiles()
    {
        using var folder = new TempFolder();
        var world = TinyWorlds.Small;

        world.Save(folder.Path);
        var loaded = World.Load(folder.Path);

        Assert.Multiple(() =>
        {
            Assert.That(File.Exists(folder.File("tracks.json")) && File.Exists(folder.File("tracks.npy")) && File.Exists(folder.File("users.json")), Is.True);
            Assert.That(loaded.Catalog.Tracks, Is.EqualTo(world.Catalog.Tracks).Using<CatalogTrack>(SameTrack));
            Assert.That(loaded.TrueVectors.Data.ToArray(), Is.EqualTo(world.TrueVectors.Data.ToArray()));
            Assert.That(loaded.Listeners.Select(l => (l.Id, l.ConsumeBias, l.ConsumeSharpness, string.Join(',', l.Interests))),
                Is.EqualTo(world.Listeners.Select(l => (l.Id, l.ConsumeBias, l.ConsumeSharpness, string.Join(',', l.Interests)))));
        });
    }

    [Test]
    public void Load_VectorRowsDoNotMatchCatalog_NamesTheNpyFile()
    {
        using var folder = new TempFolder();
        TinyWorlds.Small.Save(folder.Path);
        NpyFile.Write(folder.File("tracks.npy"), EmbeddingTable.Zeros(10, 32));

        var error = Assert.Throws<DataFileException>(() => World.Load(folder.Path));

        Assert.That(error.Message, Does.Contain("tracks.npy").And.Contain("10 rows"));
    }

    [Test]
    public void Load_InterestOutsideCatalog_NamesUsersFileLineAndField()
    {
        using var folder = new TempFolder();
        TinyWorlds.Small.Save(folder.Path);
        File.AppendAllText(folder.File("users.json"), "{\"user\": 99999, \"interests\": [3000]}\n");

        var error = Assert.Throws<DataFileException>(() => World.Load(folder.Path));

        Assert.That(error.Message, Does.Contain("users.json").And.Contain("line 301").And.Contain("'interests'"));
    }

    [Test]
    public void Generate_SameSeed_SameWorld()
    {
        var options = new WorldOptions { Tracks = 500, Listeners = 50, Seed = 3 };

        var a = WorldGenerator.Generate(options);
        var b = WorldGenerator.Generate(options);
        var c = WorldGenerator.Generate(options with { Seed = 4 });

        Assert.Multiple(() =>
        {
            Assert.That(a.TrueVectors.Data.ToArray(), Is.EqualTo(b.TrueVectors.Data.ToArray()));
            Assert.That(a.Listeners.Select(l => l.ConsumeBias), Is.EqualTo(b.Listeners.Select(l => l.ConsumeBias)));
            Assert.That(a.TrueVectors.Data.ToArray(), Is.Not.EqualTo(c.TrueVectors.Data.ToArray()));
        });
    }

    [Test]
    public void Generate_Defaults_LongTailedArtistsAndCourseListeners()
    {
        var world = TinyWorlds.Small;
        var sizes = Enumerable.Range(0, world.Catalog.Count).GroupBy(world.Catalog.ArtistOf).Select(g => g.Count()).Order().ToArray();

        Assert.Multiple(() =>
        {
            Assert.That(world.Catalog.ArtistCount, Is.EqualTo(300));
            Assert.That(sizes[^1], Is.GreaterThan(5 * sizes[sizes.Length / 2]), "a few prolific artists");
            Assert.That(sizes[0], Is.LessThanOrEqualTo(2), "and a tail of artists with one or two tracks");
            Assert.That(world.Listeners.All(l => l.Interests.Count == 3), Is.True);
            Assert.That(world.Listeners.All(l => l.ConsumeBias is >= 0 and <= 10 && l.ConsumeSharpness is >= 0.5 and <= 2), Is.True);
        });
    }

    [Test]
    public void Generate_TracksOfOneArtist_LieCloserThanStrangers()
    {
        var world = TinyWorlds.Small;
        var catalog = world.Catalog;
        double same = 0, other = 0;
        int sameCount = 0, otherCount = 0;
        for (var t = 1; t < catalog.Count; t++)
        {
            var cosine = Cosine(world.TrueVectors.Row(t - 1), world.TrueVectors.Row(t));
            other += cosine;
            otherCount++;
        }

        foreach (var group in Enumerable.Range(0, catalog.Count).GroupBy(catalog.ArtistOf).Where(g => g.Count() > 1))
        {
            var ids = group.ToArray();
            same += Cosine(world.TrueVectors.Row(ids[0]), world.TrueVectors.Row(ids[1]));
            sameCount++;
        }

        Assert.That(same / sameCount, Is.GreaterThan((other / otherCount) + 0.4));
    }

    [Test]
    public void Generate_CourseCatalogAndListeners_BuildsVectorsForThem()
    {
        var catalog = TrackCatalog.Load(SharedData.File("course-tracks.jsonl.gz"));
        var listeners = ListenerFile.Load(SharedData.File("course-users.jsonl.gz"), catalog.Count);

        var world = WorldGenerator.Generate(new WorldOptions(), catalog, listeners);

        Assert.Multiple(() =>
        {
            Assert.That(world.TrueVectors.Rows, Is.EqualTo(50_000));
            Assert.That(world.Catalog.ArtistCount, Is.EqualTo(11_464));
            Assert.That(world.Listeners, Has.Count.EqualTo(10_000));
            Assert.That(world.TrueVectors.IndexOfNonFinite(), Is.EqualTo(-1));
        });
    }

    private static bool SameTrack(CatalogTrack a, CatalogTrack b) =>
        a.Track == b.Track && a.Artist == b.Artist && a.Title == b.Title && a.Genres.SequenceEqual(b.Genres);

    private static double Cosine(ReadOnlySpan<float> a, ReadOnlySpan<float> b) =>
        System.Numerics.Tensors.TensorPrimitives.CosineSimilarity(a, b);
}
