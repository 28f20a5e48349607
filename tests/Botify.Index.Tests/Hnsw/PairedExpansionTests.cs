using Botify.Index.Hnsw;
using Botify.Index.Mips;

namespace Botify.Index.Tests.Hnsw;

/// <summary>
/// A graph too large for the cache expands its nodes two at a time; the graphs a test can build are
/// small, so these tests force each walk and hold the paired one to the single one's results (the
/// filtered search is held to them in <c>InnerProductIndexTests</c>).
/// </summary>
public sealed class PairedExpansionTests
{
    private static readonly HnswParameters Parameters = new() { M = 16, EfConstruction = 200, Seed = 7, Threads = 1 };

    [Test]
    public void Search_SmallGraph_ExpandsOneAtATimeUnlessTold()
    {
        var (items, bias) = TestVectors.Items(2_000, 32, seed: 51);
        var index = InnerProductIndex.Build(items, bias, MipsReduction.InnerProduct, Parameters);
        var queries = TestVectors.Queries(50, 32, seed: 52);

        var single = Visits(index, queries, paired: null);
        var paired = Visits(index, queries, paired: true);

        Assert.That(Visits(index, queries, paired: false), Is.EqualTo(single), "a graph this small walks one node at a time by default");
        Assert.That(paired, Is.Not.EqualTo(single), "the paired walk takes another route");
    }

    [Test]
    public void Search_InPairs_RecallOfTheSingleWalk()
    {
        var (items, bias) = TestVectors.Items(20_000, 64, seed: 11);
        var index = InnerProductIndex.Build(items, bias, MipsReduction.InnerProduct, Parameters with { Threads = 0 });
        var queries = TestVectors.Queries(300, 64, seed: 12);

        index.Graph.PairedExpansion = false;
        var single = TestVectors.Recall(index, queries, k: 10, ef: 160);
        index.Graph.PairedExpansion = true;
        var paired = TestVectors.Recall(index, queries, k: 10, ef: 160);

        TestContext.Out.WriteLine($"recall@10 at ef = 160: one node at a time {single:F4}, two at a time {paired:F4}");
        Assert.That(paired, Is.GreaterThanOrEqualTo(0.95));
        Assert.That(paired, Is.EqualTo(single).Within(0.01));
    }

    [TestCase(12)]
    [TestCase(24)]
    public void Search_InPairs_AnyM_ReturnsK(int m)
    {
        // Two nodes' links must fit the scratch for every M, not only the default 16.
        var (items, bias) = TestVectors.Items(3_000, 16, seed: 53);
        var index = InnerProductIndex.Build(items, bias, MipsReduction.InnerProduct, Parameters with { M = m });
        index.Graph.PairedExpansion = true;
        var queries = TestVectors.Queries(20, 16, seed: 54);
        var hits = new SearchHit[10];

        for (var q = 0; q < queries.Rows; q++)
        {
            Assert.That(index.Search(queries.Row(q), 10, 200, default(AllowAll), hits, out _), Is.EqualTo(10), $"query {q}");
        }
    }

    private static long Visits(InnerProductIndex index, Botify.Shared.Embeddings.EmbeddingTable queries, bool? paired)
    {
        index.Graph.PairedExpansion = paired;
        var hits = new SearchHit[10];
        long total = 0;
        for (var q = 0; q < queries.Rows; q++)
        {
            index.Search(queries.Row(q), 10, 64, default(AllowAll), hits, out var visited);
            total += visited;
        }

        return total;
    }
}
