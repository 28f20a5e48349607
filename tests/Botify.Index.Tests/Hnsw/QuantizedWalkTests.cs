using Botify.Index.Hnsw;
using Botify.Index.Mips;
using Botify.Shared.Embeddings;

namespace Botify.Index.Tests.Hnsw;

[Category("SimdPaths")]
public sealed class QuantizedWalkTests
{
    [TestCase(64, 64, 1, TestName = "Dot_OfCodes_d64PlusBias_RecordFillsALine_BiasInTheByteTail")]
    [TestCase(32, 48, 0, TestName = "Dot_OfCodes_d32PlusBias_WholeVectorInTheRecord")]
    public void Dot_OfCodes_IsWithinHalfAStepPerCoordinateOfTheExactDot(int d, int inRecord, int inTail)
    {
        // Each coordinate (the bias, stored last, too) is off by at most half its scale step, so the
        // score is off by at most Σ |q_j| · step_j / 2.
        var width = d + 1;
        var (items, bias) = TestVectors.Items(2_000, d, seed: 3);
        var stored = Stored(items, bias);
        var codes = QuantizedVectors.Build(stored, items.Rows, width);
        Assert.That((codes.CodedDimension, codes.TailDimension), Is.EqualTo((inRecord, inTail)));
        var steps = new float[width];
        for (var j = 0; j < width; j++)
        {
            for (var i = 0; i < items.Rows; i++)
            {
                steps[j] = Math.Max(steps[j], Math.Abs(stored[(i * width) + j]) / 127f);
            }
        }

        var queries = TestVectors.Queries(20, d, seed: 4);
        var scaled = new float[codes.QueryLength];
        for (var q = 0; q < queries.Rows; q++)
        {
            var query = new float[width];
            queries.Row(q).CopyTo(query);
            query[d] = 1f;
            codes.PrepareQuery(query, scaled);
            var bound = 1e-4f + (0.5f * Enumerable.Range(0, width).Sum(j => Math.Abs(query[j]) * steps[j]));
            for (var i = 0; i < items.Rows; i += 7)
            {
                var exact = Enumerable.Range(0, width).Sum(j => (double)query[j] * stored[(i * width) + j]);
                var approximate = codes.Dot(ref scaled[0], i);
                Assert.That(approximate, Is.EqualTo(exact).Within(bound), $"query {q}, item {i}");
            }
        }
    }

    [TestCase(64, TestName = "Distances_d64PlusBias_WithLinkTails_EqualTheOneNodeDot")]
    [TestCase(32, TestName = "Distances_d32PlusBias_WholeRecord_EqualTheOneNodeDot")]
    [TestCase(80, TestName = "Distances_d80PlusBias_TwoLineRecord_EqualTheOneNodeDot")]
    [TestCase(17, TestName = "Distances_d17PlusBias_SmallRecord_EqualTheOneNodeDot")]
    public void Distances_OfABatchOfNeighbours_EqualTheNegatedDotOfEachNode(int d)
    {
        // The walk scores a node's fresh neighbours in one call (unrolled for line-sized records, with
        // a one-byte tail taken from the parent's link row); it must rank exactly as the one-node dot.
        var width = d + 1;
        var (items, bias) = TestVectors.Items(3_000, d, seed: 5);
        var codes = QuantizedVectors.Build(Stored(items, bias), items.Rows, width);
        var queries = TestVectors.Queries(5, d, seed: 6);
        var scaled = new float[width + QuantizedVectors.Block];
        var random = new Random(9);
        for (var q = 0; q < queries.Rows; q++)
        {
            var query = new float[width];
            queries.Row(q).CopyTo(query);
            query[d] = 1f;
            codes.PrepareQuery(query, scaled);

            var ids = Enumerable.Range(0, 1 + random.Next(32)).Select(_ => random.Next(items.Rows)).ToArray();
            // A parent's link row: its links' tail codes at their slots, here in reverse order.
            var slots = Enumerable.Range(0, ids.Length).Select(i => ids.Length - 1 - i).ToArray();
            var row = new sbyte[ids.Length];
            if (codes.TailDimension == 1)
            {
                for (var i = 0; i < ids.Length; i++)
                {
                    row[slots[i]] = codes.TailCode(ids[i]);
                }
            }

            foreach (var linkTails in new[] { row, [] })
            {
                var distances = new float[ids.Length];
                codes.Distances(ref scaled[0], ids, slots, linkTails, distances);
                for (var i = 0; i < ids.Length; i++)
                {
                    var expected = -codes.Dot(ref scaled[0], ids[i]);
                    Assert.That(distances[i], Is.EqualTo(expected).Within(1e-4f * Math.Max(1f, Math.Abs(expected))), $"query {q}, node {ids[i]}, link tails {linkTails.Length > 0}");
                }
            }
        }
    }

    [Test]
    public void Search_QuantizedWalk_RecallWithinOnePointOfTheFloatWalk_AndExactScores()
    {
        var (items, bias) = TestVectors.Items(20_000, 64, seed: 11);
        var index = InnerProductIndex.Build(items, bias, MipsReduction.InnerProduct, new HnswParameters { Seed = 7 });
        var queries = TestVectors.Queries(300, 64, seed: 12);
        Assert.That(index.Graph.QuantizedWalk, Is.True, "the index walks on codes by default");

        var quantized = TestVectors.Recall(index, queries, k: 10, ef: 100);
        index.Graph.QuantizedWalk = false;
        var exact = TestVectors.Recall(index, queries, k: 10, ef: 100);
        index.Graph.QuantizedWalk = true;

        TestContext.Out.WriteLine($"recall@10 at ef = 100: codes {quantized:F4}, floats {exact:F4}");
        Assert.That(quantized, Is.GreaterThanOrEqualTo(exact - 0.01));

        var hits = new SearchHit[10];
        var found = index.Search(queries.Row(0), 10, 100, default(AllowAll), hits, out _);
        for (var i = 0; i < found; i++)
        {
            var score = items.Row(hits[i].Id).ToArray().Zip(queries.Row(0).ToArray(), (a, b) => (double)a * b).Sum() + bias[hits[i].Id];
            Assert.That(hits[i].Score, Is.EqualTo(score).Within(1e-4), "scores come from the floats, not the codes");
        }
    }

    private static float[] Stored(EmbeddingTable items, float[] bias)
    {
        var width = items.Dimension + 1;
        var stored = new float[items.Rows * width];
        for (var i = 0; i < items.Rows; i++)
        {
            items.Row(i).CopyTo(stored.AsSpan(i * width, items.Dimension));
            stored[(i * width) + items.Dimension] = bias[i];
        }

        return stored;
    }
}
