using Botify.Shared.Data;
using Botify.Shared.Embeddings;
using Botify.Shared.Models;
using Botify.Shared.Npy;

namespace Botify.Shared.Tests.Models;

public sealed class ModelBundleTests
{
    [Test]
    public void Save_ThenLoad_RoundTripsTablesAndManifest()
    {
        using var folder = new TempFolder();
        var bundle = RandomModelGenerator.Generate(tracks: 300, users: 40, dimension: 8, seed: 3);
        bundle.Manifest.Metrics["rmse"] = 0.25;
        bundle.Save(folder.Path);

        var read = ModelBundle.Load(folder.Path);

        Assert.That(read.Manifest.ModelVersion, Is.EqualTo(bundle.Manifest.ModelVersion));
        Assert.That(read.Manifest.Metrics["rmse"], Is.EqualTo(0.25));
        Assert.That(read.Tracks.Data.ToArray(), Is.EqualTo(bundle.Tracks.Data.ToArray()));
        Assert.That(read.Context.Data.ToArray(), Is.EqualTo(bundle.Context.Data.ToArray()));
        Assert.That(read.Users.Data.ToArray(), Is.EqualTo(bundle.Users.Data.ToArray()));
        Assert.That(read.TrackBias, Is.EqualTo(bundle.TrackBias));
        Assert.That(read.Score(1, 2, 3), Is.EqualTo(bundle.Score(1, 2, 3)));
    }

    [Test]
    public void Generate_SameSeed_SameBundle_OtherSeed_Differs()
    {
        var a = RandomModelGenerator.Generate(200, 10, 16, seed: 5);
        var b = RandomModelGenerator.Generate(200, 10, 16, seed: 5);
        var c = RandomModelGenerator.Generate(200, 10, 16, seed: 6);

        Assert.That(a.Tracks.Data.ToArray(), Is.EqualTo(b.Tracks.Data.ToArray()));
        Assert.That(a.Tracks.Data.ToArray(), Is.Not.EqualTo(c.Tracks.Data.ToArray()));
    }

    [Test]
    public void Generate_TrackNorms_VaryAsLearnedEmbeddingsDo()
    {
        var bundle = RandomModelGenerator.Generate(5000, 0, 32, seed: 9);
        var norms = Enumerable.Range(0, 5000)
            .Select(i => System.Numerics.Tensors.TensorPrimitives.Norm(bundle.Tracks.Row(i)))
            .Order()
            .ToArray();

        // The middle 90% of norms spans more than 3x: a test of MIPS on unit vectors would miss this.
        Assert.That(norms[4750] / norms[250], Is.GreaterThan(3.0));
    }

    [Test]
    public void Load_TableWithWrongDimension_NamesTheTable()
    {
        using var folder = new TempFolder();
        RandomModelGenerator.Generate(50, 5, 8, seed: 1).Save(folder.Path);
        NpyFile.Write(folder.File(ModelBundle.UsersFile), EmbeddingTable.Zeros(5, 7));

        var error = Assert.Throws<DataFileException>(() => ModelBundle.Load(folder.Path));

        Assert.That(error!.FilePath, Is.EqualTo(folder.File(ModelBundle.UsersFile)));
        Assert.That(error.Message, Does.Contain("(5, 7)").And.Contain("(5, 8)"));
    }

    [Test]
    public void Load_NaNInTrackTable_NamesFileRowAndColumn()
    {
        using var folder = new TempFolder();
        var bundle = RandomModelGenerator.Generate(50, 5, 8, seed: 1);
        bundle.Tracks.Row(17)[3] = float.NaN;
        bundle.Save(folder.Path);

        var error = Assert.Throws<DataFileException>(() => ModelBundle.Load(folder.Path));

        Assert.That(error!.FilePath, Is.EqualTo(folder.File(ModelBundle.TracksFile)));
        Assert.That(error.Message, Does.Contain("row 17 column 3").And.Contain("finite"));
    }

    [Test]
    public void Load_BiasOfWrongLength_IsRefused()
    {
        using var folder = new TempFolder();
        RandomModelGenerator.Generate(50, 5, 8, seed: 1).Save(folder.Path);
        NpyFile.Write(folder.File(ModelBundle.TrackBiasFile), new float[49]);

        var error = Assert.Throws<DataFileException>(() => ModelBundle.Load(folder.Path));

        Assert.That(error!.Message, Does.Contain("length 49"));
    }

    [Test]
    public void Load_MissingTable_NamesTheFile()
    {
        using var folder = new TempFolder();
        RandomModelGenerator.Generate(50, 5, 8, seed: 1).Save(folder.Path);
        File.Delete(folder.File(ModelBundle.ContextFile));

        var error = Assert.Throws<DataFileException>(() => ModelBundle.Load(folder.Path));

        Assert.That(error!.FilePath, Is.EqualTo(folder.File(ModelBundle.ContextFile)));
        Assert.That(error.Message, Does.Contain("not found"));
    }

    [TestCase("{ not json", "not a valid manifest")]
    [TestCase("{\"formatVersion\": 9, \"dimension\": 8, \"tracks\": 50, \"users\": 5}", "formatVersion 9 is not supported")]
    [TestCase("{\"formatVersion\": 1, \"dimension\": 0, \"tracks\": 50, \"users\": 5}", "dimension 0 is outside")]
    [TestCase("{\"formatVersion\": 1, \"dimension\": 8, \"tracks\": 50, \"users\": 5, \"coldTracks\": [50]}", "coldTracks holds 50")]
    public void Load_BadManifest_IsRefusedWithTheFault(string manifest, string expected)
    {
        using var folder = new TempFolder();
        RandomModelGenerator.Generate(50, 5, 8, seed: 1).Save(folder.Path);
        File.WriteAllText(folder.File(ModelBundle.ManifestFile), manifest);

        var error = Assert.Throws<DataFileException>(() => ModelBundle.Load(folder.Path));

        Assert.That(error!.FilePath, Is.EqualTo(folder.File(ModelBundle.ManifestFile)));
        Assert.That(error.Message, Does.Contain(expected));
    }

    [Test]
    public void Load_MissingFolder_SaysSo()
    {
        var error = Assert.Throws<DataFileException>(() => ModelBundle.Load("/nonexistent/botify/bundle"));

        Assert.That(error!.Message, Does.Contain("/nonexistent/botify/bundle").And.Contain("not found"));
    }
}
