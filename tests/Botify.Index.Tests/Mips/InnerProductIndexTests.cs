using Botify.Index.Hnsw;
using Botify.Index.Mips;
using Botify.Shared.Data;

namespace Botify.Index.Tests.Mips;

public sealed class InnerProductIndexTests
{
    private static readonly HnswParameters Parameters = new() { M = 16, EfConstruction = 200, Seed = 7 };

    // Where a saved graph's format version and (version 2) order flag sit: after the magic; after the
    // version, reduction, radius², the model version ("m": a length byte and one byte) and checksum.
    private const int VersionAt = 10;
    private const int OrderFlagAt = VersionAt + 4 + 4 + 4 + 2 + 8;

    [Test]
    [Category("SimdPaths")]
    public void Search_20kClusteredVaryingNorms_RecallAt10AtLeast095()
    {
        var (items, bias) = TestVectors.Items(20_000, 64, seed: 11);
        var index = InnerProductIndex.Build(items, bias, MipsReduction.InnerProduct, Parameters);
        var queries = TestVectors.Queries(300, 64, seed: 12);

        var recall = TestVectors.Recall(index, queries, k: 10, ef: 160);

        TestContext.Out.WriteLine($"recall@10 = {recall:F4} at ef = 160");
        Assert.That(recall, Is.GreaterThanOrEqualTo(0.95));
    }

    [Test]
    public void Search_GeneratedVectors_InnerProductBeatsExtraDimension_AndAutoPicksIt()
    {
        // Pins the measurement behind Auto's choice on spread norms (see InnerProductIndex's remarks).
        var (items, bias) = TestVectors.Items(20_000, 64, seed: 11);
        Assert.That(MipsAuto.Resolve(MipsReduction.Auto, items, bias, out _), Is.EqualTo(MipsReduction.InnerProduct));
        var queries = TestVectors.Queries(200, 64, seed: 12);
        var direct = InnerProductIndex.Build(items, bias, MipsReduction.InnerProduct, Parameters);
        var lifted = InnerProductIndex.Build(items, bias, MipsReduction.ExtraDimension, Parameters);

        var directRecall = TestVectors.Recall(direct, queries, k: 10, ef: 100);
        var liftedRecall = TestVectors.Recall(lifted, queries, k: 10, ef: 100);

        TestContext.Out.WriteLine($"recall@10 at ef = 100: inner product {directRecall:F4}, extra dimension {liftedRecall:F4}");
        Assert.That(directRecall, Is.GreaterThan(liftedRecall));
    }

    [Test]
    public void Search_ScoresAreExactInnerProductsPlusBias_BestFirst()
    {
        var (items, bias) = TestVectors.Items(2_000, 16, seed: 3);
        var index = InnerProductIndex.Build(items, bias, MipsReduction.ExtraDimension, Parameters);
        var query = TestVectors.Queries(1, 16, seed: 4).Row(0).ToArray();
        var hits = new SearchHit[10];

        var n = index.Search(query, 10, 50, default(AllowAll), hits, out var visited);

        Assert.That(n, Is.EqualTo(10));
        Assert.That(visited, Is.GreaterThan(10).And.LessThan(2_000));
        for (var i = 0; i < n; i++)
        {
            var expected = System.Numerics.Tensors.TensorPrimitives.Dot(query, items.Row(hits[i].Id)) + bias[hits[i].Id];
            Assert.That(hits[i].Score, Is.EqualTo(expected).Within(1e-4));
            if (i > 0)
            {
                Assert.That(hits[i].Score, Is.LessThanOrEqualTo(hits[i - 1].Score));
            }
        }
    }

    [TestCase(false, TestName = "Search_WithExcludedIds_ReturnsKAllowedResults")]
    [TestCase(true, TestName = "Search_WithExcludedIds_ExpandingInPairs_ReturnsKAllowedResults")]
    [Category("SimdPaths")]
    public void Search_WithExcludedIds_ReturnsKAllowedResults(bool inPairs)
    {
        var (items, bias) = TestVectors.Items(5_000, 32, seed: 5);
        // One build thread: a parallel build differs run to run, and so would the measured recall.
        var index = InnerProductIndex.Build(items, bias, MipsReduction.InnerProduct, Parameters with { Threads = 1 });
        // A graph this small walks one node at a time unless told (PairedExpansionTests).
        index.Graph.PairedExpansion = inPairs;
        var query = TestVectors.Queries(1, 32, seed: 6).Row(0).ToArray();
        var unfiltered = new SearchHit[200];
        index.SearchExact(query, 200, default(AllowAll), unfiltered);
        // Exclude the 150 best tracks: the filter must dig past all of them.
        var excluded = unfiltered.Take(150).Select(h => h.Id).Order().ToArray();
        var hits = new SearchHit[20];

        var n = index.Search(query, 20, 100, Excluding(index, excluded), hits, out _);

        Assert.That(n, Is.EqualTo(20));
        Assert.That(hits.Select(h => h.Id), Has.None.AnyOf(excluded.Cast<object>().ToArray()));
        var exactAllowed = unfiltered.Skip(150).Take(20).Select(h => h.Id).ToHashSet();
        // Ranks 151..170 are deep in the ranking; the pool keeps ef = 100 allowed nodes beside the 150
        // excluded ones the walk goes through.
        Assert.That(hits.Count(h => exactAllowed.Contains(h.Id)), Is.GreaterThanOrEqualTo(16));
    }

    [Test]
    public void Search_FilterThatUndercountsItsExclusions_StillReturnsKAllowedResults()
    {
        // A filter may reject more ids than it announces; the search's pool must grow, not overflow.
        var (items, bias) = TestVectors.Items(3_000, 16, seed: 21);
        var index = InnerProductIndex.Build(items, bias, MipsReduction.InnerProduct, Parameters);
        var hits = new SearchHit[10];

        var n = index.Search(items.Row(0), 10, 10, new EvenIdsOnly(), hits, out _);

        Assert.That(n, Is.EqualTo(10));
        Assert.That(hits.Select(h => h.Id), Has.All.Matches<int>(id => id % 2 == 0));
    }

    [Test]
    public void Search_FewerAllowedThanK_ReturnsAllAllowed()
    {
        var (items, bias) = TestVectors.Items(300, 8, seed: 8);
        var index = InnerProductIndex.Build(items, bias, MipsReduction.InnerProduct, Parameters);
        var excluded = Enumerable.Range(0, 295).ToArray();
        var hits = new SearchHit[10];

        var n = index.Search(items.Row(0), 10, 10, Excluding(index, excluded), hits, out _);

        Assert.That(n, Is.EqualTo(5));
        Assert.That(hits.Take(5).Select(h => h.Id).Order(), Is.EqualTo(Enumerable.Range(295, 5)));
    }

    [Test]
    public void SearchAndExactScan_AfterWarmUp_AllocateNothingPerQuery()
    {
        var (items, bias) = TestVectors.Items(3_000, 32, seed: 14);
        var index = InnerProductIndex.Build(items, bias, MipsReduction.InnerProduct, Parameters);
        var queries = TestVectors.Queries(200, 32, seed: 15);
        var hits = new SearchHit[10];
        int[] excluded = [1, 5, 9, 200];
        var filter = Excluding(index, excluded);
        index.Search(queries.Row(0), 10, 64, filter, hits, out _);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var q = 0; q < queries.Rows; q++)
        {
            index.Search(queries.Row(q), 10, 64, default(AllowAll), hits, out _);
            index.Search(queries.Row(q), 10, 64, filter, hits, out _);
            index.SearchExact(queries.Row(q), 10, default(AllowAll), hits);
        }

        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.Zero);
    }

    [Test]
    public void Build_OneThreadSameSeed_SameGraph()
    {
        var (items, bias) = TestVectors.Items(3_000, 16, seed: 9);
        var single = Parameters with { Threads = 1 };

        var a = InnerProductIndex.Build(items, bias, MipsReduction.InnerProduct, single);
        var b = InnerProductIndex.Build(items, bias, MipsReduction.InnerProduct, single);

        Assert.That(b.Graph.EntryPoint, Is.EqualTo(a.Graph.EntryPoint));
        Assert.That(b.Graph.MaxLevel, Is.EqualTo(a.Graph.MaxLevel));
        for (var id = 0; id < items.Rows; id++)
        {
            Assert.That(b.Graph.Neighbors(id, 0), Is.EqualTo(a.Graph.Neighbors(id, 0)), $"layer-0 links of node {id}");
        }
    }

    [Test]
    public void SaveThenLoad_AnswersIdenticallyToTheBuiltIndex()
    {
        using var folder = new TempFolder();
        var (items, bias) = TestVectors.Items(4_000, 16, seed: 10);
        var built = InnerProductIndex.Build(items, bias, MipsReduction.ExtraDimension, Parameters);
        var path = folder.File(InnerProductIndex.GraphFileName);
        built.Save(path, "model-a");

        var loaded = InnerProductIndex.Load(path, items, bias, "model-a");

        Assert.That(loaded.Graph.LoadedFromFile, Is.True);
        Assert.That(loaded.Reduction, Is.EqualTo(MipsReduction.ExtraDimension));
        var queries = TestVectors.Queries(100, 16, seed: 11);
        var a = new SearchHit[10];
        var b = new SearchHit[10];
        for (var q = 0; q < queries.Rows; q++)
        {
            built.Search(queries.Row(q), 10, 40, default(AllowAll), a, out var visitedA);
            loaded.Search(queries.Row(q), 10, 40, default(AllowAll), b, out var visitedB);
            Assert.That(b, Is.EqualTo(a));
            Assert.That(visitedB, Is.EqualTo(visitedA));
        }
    }

    [Test]
    public void BuildAndLoad_WithoutByteWalk_WalkOnTheFloats_InLessMemory()
    {
        using var folder = new TempFolder();
        var (items, bias) = TestVectors.Items(4_000, 16, seed: 10);
        var onBytes = InnerProductIndex.Build(items, bias, MipsReduction.InnerProduct, Parameters);
        var onFloats = InnerProductIndex.Build(items, bias, MipsReduction.InnerProduct, Parameters, byteWalk: false);
        var path = folder.File(InnerProductIndex.GraphFileName);
        onBytes.Save(path, "model-a");

        var loaded = InnerProductIndex.Load(path, items, bias, "model-a", byteWalk: false);

        Assert.That(onBytes.Graph.QuantizedWalk, Is.True, "the byte walk is the default");
        Assert.That(onFloats.Graph.QuantizedWalk, Is.False);
        Assert.That(loaded.Graph.QuantizedWalk, Is.False);
        // A 64-byte record of codes a track at d = 16 (17 floats with the bias).
        Assert.That(onBytes.MemoryBytes - loaded.MemoryBytes, Is.GreaterThanOrEqualTo(64L * 4_000));
        Assert.That(loaded.MemoryBytes, Is.EqualTo(onFloats.MemoryBytes));
        var hits = new SearchHit[10];
        Assert.That(loaded.Search(TestVectors.Queries(1, 16, seed: 11).Row(0), 10, 40, default(AllowAll), hits, out _), Is.EqualTo(10));
    }

    [Test]
    public void Build_LocalityOrder_RenumbersTheSameGraph_SameAnswers()
    {
        // The order changes which node stores which item, never the graph nor the ids a caller sees.
        var (items, bias) = TestVectors.Items(6_000, 32, seed: 41);
        var queries = TestVectors.Queries(100, 32, seed: 42);
        var single = Parameters with { Threads = 1 };
        var ordered = InnerProductIndex.Build(items, bias, MipsReduction.InnerProduct, single);
        var unordered = InnerProductIndex.Build(items, bias, MipsReduction.InnerProduct, single, localityOrder: false);
        int[] excluded = [.. Enumerable.Range(0, 300).Select(i => i * 7)];
        var a = new SearchHit[20];
        var b = new SearchHit[20];

        Assert.That(ordered.LocalityOrdered, Is.True);
        Assert.That(unordered.LocalityOrdered, Is.False);
        Assert.That(Enumerable.Range(0, 100).Count(n => !ordered.Graph.Vector(n).SequenceEqual(unordered.Graph.Vector(n))), Is.GreaterThan(90), "the nodes store other tracks");
        for (var q = 0; q < queries.Rows; q++)
        {
            ordered.Search(queries.Row(q), 20, 60, Excluding(ordered, excluded), a, out var visitedOrdered);
            unordered.Search(queries.Row(q), 20, 60, Excluding(unordered, excluded), b, out var visitedUnordered);
            Assert.That(a, Is.EqualTo(b), $"query {q}");
            Assert.That(visitedOrdered, Is.EqualTo(visitedUnordered), $"query {q}");
        }
    }

    [Test]
    public void Load_FormatVersion1File_StoredInIdOrder_AnswersAsBuilt()
    {
        // Graph files written before the node order was saved hold the items in id order.
        using var folder = new TempFolder();
        var (items, bias) = TestVectors.Items(2_000, 16, seed: 43);
        var built = InnerProductIndex.Build(items, bias, MipsReduction.InnerProduct, Parameters, localityOrder: false);
        var path = folder.File(InnerProductIndex.GraphFileName);
        built.Save(path, "m");
        var bytes = File.ReadAllBytes(path).ToList();
        Assert.That(bytes[OrderFlagAt], Is.Zero, "an index in id order saves no order");
        bytes.RemoveAt(OrderFlagAt);
        bytes[VersionAt] = 1;
        File.WriteAllBytes(path, [.. bytes]);

        var loaded = InnerProductIndex.Load(path, items, bias, "m");

        Assert.That(loaded.LocalityOrdered, Is.False);
        var queries = TestVectors.Queries(50, 16, seed: 44);
        var a = new SearchHit[10];
        var b = new SearchHit[10];
        for (var q = 0; q < queries.Rows; q++)
        {
            built.Search(queries.Row(q), 10, 40, default(AllowAll), a, out _);
            loaded.Search(queries.Row(q), 10, 40, default(AllowAll), b, out _);
            Assert.That(b, Is.EqualTo(a));
        }
    }

    [Test]
    public void Load_NodeOrderNamingAnItemTwice_IsRefusedNamingTheFile()
    {
        using var folder = new TempFolder();
        var (items, bias) = TestVectors.Items(1_000, 16, seed: 45);
        var path = folder.File(InnerProductIndex.GraphFileName);
        InnerProductIndex.Build(items, bias, MipsReduction.InnerProduct, Parameters).Save(path, "m");
        var bytes = File.ReadAllBytes(path);
        // After the flag, the order's length and then the order: node 1 now stores node 0's item.
        var orderAt = OrderFlagAt + 1 + 4;
        Array.Copy(bytes, orderAt, bytes, orderAt + 4, 4);
        File.WriteAllBytes(path, bytes);

        var error = Assert.Throws<DataFileException>(() => InnerProductIndex.Load(path, items, bias, "m"));

        Assert.That(error!.Message, Does.StartWith(path).And.Contain("node order").And.Contain("node 1"));
    }

    [Test]
    public void Load_GraphOfAnotherModel_IsRefused()
    {
        using var folder = new TempFolder();
        var (items, bias) = TestVectors.Items(500, 8, seed: 12);
        var path = folder.File(InnerProductIndex.GraphFileName);
        InnerProductIndex.Build(items, bias, MipsReduction.InnerProduct, Parameters).Save(path, "model-a");

        var wrongVersion = Assert.Throws<DataFileException>(() => InnerProductIndex.Load(path, items, bias, "model-b"));
        bias[3] += 1f;
        var wrongVectors = Assert.Throws<DataFileException>(() => InnerProductIndex.Load(path, items, bias, "model-a"));

        Assert.That(wrongVersion!.Message, Does.Contain("built for model 'model-a'"));
        Assert.That(wrongVectors!.Message, Does.Contain("checksum"));
    }

    [Test]
    public void Load_TruncatedOrDamagedGraph_IsRefusedNamingTheFile()
    {
        using var folder = new TempFolder();
        var (items, bias) = TestVectors.Items(500, 8, seed: 13);
        var path = folder.File(InnerProductIndex.GraphFileName);
        InnerProductIndex.Build(items, bias, MipsReduction.InnerProduct, Parameters).Save(path, "m");
        var bytes = File.ReadAllBytes(path);

        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        var truncated = Assert.Throws<DataFileException>(() => InnerProductIndex.Load(path, items, bias, "m"));
        // Link counts and ids far out of range all through the second half of the file.
        Array.Fill(bytes, (byte)0xFF, bytes.Length / 2, bytes.Length - (bytes.Length / 2));
        File.WriteAllBytes(path, bytes);
        var damaged = Assert.Throws<DataFileException>(() => InnerProductIndex.Load(path, items, bias, "m"));

        Assert.That(truncated!.Message, Does.StartWith(path).And.Contain("truncated"));
        Assert.That(damaged!.Message, Does.StartWith(path));
    }

    /// <summary>Allows even ids only, and claims to exclude none.</summary>
    private readonly struct EvenIdsOnly : ISearchFilter
    {
        public bool IsAllowed(int id) => id % 2 == 0;

        public int ExcludedCount => 0;
    }

    /// <summary>A filter that excludes <paramref name="ids"/> from searches of <paramref name="index"/>.</summary>
    private static ExcludeMarked Excluding(InnerProductIndex index, int[] ids)
    {
        var set = new ExclusionSet();
        set.Reset(index.Items);
        foreach (var id in ids)
        {
            set.Add(id);
        }

        return set.Filter;
    }
}
