using Botify.Index.Hnsw;
using Botify.Index.Mips;
using Botify.Index.Models;
using Botify.Index.Tests.Grpc;
using Botify.Protos.V1;
using Botify.Shared.Data;
using Botify.Shared.Embeddings;
using Botify.Shared.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Botify.Index.Tests.Mips;

/// <summary><see cref="MipsReduction.Auto"/>: which reduction it picks, what that buys, and what the service does with it.</summary>
public sealed class MipsAutoTests
{
    private static readonly HnswParameters Parameters = new() { M = 16, EfConstruction = 200, Seed = 7 };

    [Test]
    public void NormSpread_Norms1To100_Is99thPercentileOverMedian()
    {
        // Row i is [i + 1, 0]: the median (row 49) is 50, the 99th percentile (row 98) 99.
        var items = EmbeddingTable.Zeros(100, 2);
        for (var i = 0; i < 100; i++)
        {
            items.Row(i)[0] = i + 1;
        }

        Assert.That(MipsAuto.NormSpread(items, []), Is.EqualTo(99.0 / 50).Within(1e-9));
    }

    [Test]
    public void NormSpread_CountsTheBias()
    {
        // Every track vector has norm 3; the biases 0..4 make |[t; b]| run from 3 to 5.
        var items = EmbeddingTable.Zeros(101, 2);
        var bias = new float[101];
        for (var i = 0; i < 101; i++)
        {
            items.Row(i)[1] = 3;
            bias[i] = 4f * i / 100;
        }

        Assert.That(MipsAuto.NormSpread(items, []), Is.EqualTo(1.0).Within(1e-9));
        Assert.That(MipsAuto.NormSpread(items, bias), Is.EqualTo(Math.Sqrt(9 + (3.96 * 3.96)) / Math.Sqrt(9 + 4)).Within(1e-6));
    }

    [Test]
    public void NormSpread_NoItemsOrAllZero_IsOne()
    {
        Assert.That(MipsAuto.NormSpread(EmbeddingTable.Zeros(0, 4), []), Is.EqualTo(1.0));
        Assert.That(MipsAuto.NormSpread(EmbeddingTable.Zeros(10, 4), new float[10]), Is.EqualTo(1.0));
    }

    [Test]
    public void Choose_LiftsAtOrBelowTheThresholdOnly()
    {
        Assert.That(MipsAuto.Choose(1.0), Is.EqualTo(MipsReduction.ExtraDimension));
        Assert.That(MipsAuto.Choose(MipsAuto.MaxLiftedNormSpread), Is.EqualTo(MipsReduction.ExtraDimension));
        Assert.That(MipsAuto.Choose(MipsAuto.MaxLiftedNormSpread + 1e-6), Is.EqualTo(MipsReduction.InnerProduct));
        Assert.That(MipsAuto.Choose(double.PositiveInfinity), Is.EqualTo(MipsReduction.InnerProduct));
    }

    [Test]
    public void Build_Auto_GeneratedVectorsWithSpreadNorms_PicksInnerProduct()
    {
        // The generator's norms: log-normal, sigma 0.5 (the middle 95% span about 7x).
        var (items, bias) = TestVectors.Items(3_000, 16, seed: 41);

        var index = InnerProductIndex.Build(items, bias, MipsReduction.Auto, Parameters);

        TestContext.Out.WriteLine($"norm spread {index.AutoNormSpread:F3}");
        Assert.That(index.AutoNormSpread, Is.GreaterThan(2.5));
        Assert.That(index.Reduction, Is.EqualTo(MipsReduction.InnerProduct));
        Assert.That(index.StoredDimension, Is.EqualTo(16 + 1));
    }

    [Test]
    public void Build_Auto_GeneratedVectorsWithNearEqualNorms_PicksExtraDimension()
    {
        var items = ClusteredVectors.Generate(3_000, 16, clusters: 15, seed: 42, normSigma: 0.02f);
        var bias = new float[items.Rows];
        ClusteredVectors.FillGaussian(new Random(43), bias, 0.05f);

        var index = InnerProductIndex.Build(items, bias, MipsReduction.Auto, Parameters);

        TestContext.Out.WriteLine($"norm spread {index.AutoNormSpread:F3}");
        Assert.That(index.AutoNormSpread, Is.LessThan(1.1));
        Assert.That(index.Reduction, Is.EqualTo(MipsReduction.ExtraDimension));
        Assert.That(index.StoredDimension, Is.EqualTo(16 + 2));
    }

    [Test]
    public void Build_ReductionByName_IsKeptAndNoSpreadMeasured()
    {
        var (items, bias, _) = TestVectors.TrainedLike(2_000, 1, 16, seed: 44);

        var index = InnerProductIndex.Build(items, bias, MipsReduction.InnerProduct, Parameters);

        Assert.That(index.Reduction, Is.EqualTo(MipsReduction.InnerProduct));
        Assert.That(index.AutoNormSpread, Is.NaN);
    }

    [TestCase(1)]
    [TestCase(2)]
    public void Search_TrainedLikeVectors_AutoLiftsAndItsRecallAt100IsFarAboveInnerProducts(int seed)
    {
        // The service's query, k = 100 at the default ef. On the Lab's trained bundle the inner-product graph
        // reaches 0.77 there and the lift 0.96; on these vectors (10,000 × 32) 0.74-0.77 and 0.91-0.93.
        var ef = new IndexOptions().EfSearch;
        var (items, bias, queries) = TestVectors.TrainedLike(10_000, 200, 32, seed);
        var auto = InnerProductIndex.Build(items, bias, MipsReduction.Auto, Parameters with { Seed = seed });
        var direct = InnerProductIndex.Build(items, bias, MipsReduction.InnerProduct, Parameters with { Seed = seed });

        var autoRecall = TestVectors.Recall(auto, queries, k: 100, ef);
        var directRecall = TestVectors.Recall(direct, queries, k: 100, ef);

        TestContext.Out.WriteLine($"norm spread {auto.AutoNormSpread:F3}; recall@100 at ef = {ef}: auto ({auto.Reduction}) {autoRecall:F4}, inner product {directRecall:F4}");
        Assert.That(auto.AutoNormSpread, Is.LessThan(MipsAuto.MaxLiftedNormSpread));
        Assert.That(auto.Reduction, Is.EqualTo(MipsReduction.ExtraDimension));
        Assert.That(autoRecall, Is.GreaterThanOrEqualTo(0.88));
        Assert.That(directRecall, Is.LessThan(autoRecall - 0.1));
    }

    [Test]
    public void Load_FileThatSaysAuto_Refused()
    {
        using var folder = new TempFolder();
        var path = Path.Combine(folder.Path, InnerProductIndex.GraphFileName);
        var (items, bias) = TestVectors.Items(500, 8, seed: 45);
        InnerProductIndex.Build(items, bias, MipsReduction.InnerProduct, Parameters).Save(path, "m");
        // The reduction is the int after the magic (10 bytes) and the format version.
        var bytes = File.ReadAllBytes(path);
        BitConverter.GetBytes((int)MipsReduction.Auto).CopyTo(bytes, 14);
        File.WriteAllBytes(path, bytes);

        var error = Assert.Throws<DataFileException>(() => InnerProductIndex.Load(path, items, bias, "m"));

        Assert.That(error!.Message, Does.Contain("unknown MIPS reduction 2"));
    }

    [Test]
    public async Task Reload_SavedGraphOfTheOtherReduction_RebuiltThenReused()
    {
        using var folder = new TempFolder();
        var bundle = Path.Combine(folder.Path, "trained-like");
        TrainedLikeBundle(2_000, 16, seed: 46).Save(bundle);
        var log = new CapturedLog();
        using var logging = LoggerFactory.Create(builder => builder.AddProvider(log));
        var logger = logging.CreateLogger<ModelHolder>();
        using var byName = new ModelHolder(Options.Create(new IndexOptions { Mips = MipsReduction.InnerProduct, EfConstruction = 32 }), TimeProvider.System, logger);
        using var auto = new ModelHolder(Options.Create(new IndexOptions { EfConstruction = 32 }), TimeProvider.System, logger);

        var innerProduct = await byName.ReloadAsync(bundle, CancellationToken.None);
        var rebuilt = await auto.ReloadAsync(bundle, CancellationToken.None);
        var reused = await auto.ReloadAsync(bundle, CancellationToken.None);

        Assert.That(innerProduct.Index.Reduction, Is.EqualTo(MipsReduction.InnerProduct));
        Assert.That(innerProduct.Index.Graph.LoadedFromFile, Is.False);
        Assert.That(rebuilt.Index.Reduction, Is.EqualTo(MipsReduction.ExtraDimension));
        Assert.That(rebuilt.Index.Graph.LoadedFromFile, Is.False);
        Assert.That(reused.Index.Reduction, Is.EqualTo(MipsReduction.ExtraDimension));
        Assert.That(reused.Index.Graph.LoadedFromFile, Is.True);
        var messages = log.Entries.Select(e => e.Message).ToList();
        Assert.That(messages, Has.Exactly(1).Contains("built with the inner-product reduction, this load uses extra-dimension"));
        Assert.That(messages, Has.Exactly(1).Contains("MIPS reduction InnerProduct, set by Index:Mips"));
        Assert.That(messages, Has.Exactly(2).Contains("MIPS reduction ExtraDimension, chosen by Index:Mips=Auto"));
    }

    [Test]
    [Category("Integration")]
    public async Task GetInfo_AutoOnTrainedLikeBundle_ReportsTheReductionUsed()
    {
        using var folder = new TempFolder();
        var bundle = Path.Combine(folder.Path, "trained-like");
        TrainedLikeBundle(2_000, 16, seed: 47).Save(bundle);
        await using var server = await IndexServer.StartAsync($"--Index:BundlePath={bundle}", "--Index:SaveGraph=false");

        var info = await server.Client.GetInfoAsync(new GetInfoRequest());

        Assert.That(info.Graph.Mips, Is.EqualTo("extra-dimension"));
    }

    /// <summary>A bundle whose tracks and biases are <see cref="TestVectors.TrainedLike"/>'s, its context vectors their queries.</summary>
    private static ModelBundle TrainedLikeBundle(int tracks, int dimension, int seed)
    {
        var random = RandomModelGenerator.Generate(tracks, users: 5, dimension, seed);
        var (items, bias, queries) = TestVectors.TrainedLike(tracks, tracks, dimension, seed);
        return new ModelBundle(random.Manifest, queries, items, bias, random.Users);
    }
}
