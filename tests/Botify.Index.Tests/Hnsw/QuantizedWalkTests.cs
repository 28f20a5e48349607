using Botify.Index.Hnsw;
using Botify.Index.Mips;
using Botify.Shared.Embeddings;

namespace Botify.Index.Tests.Hnsw;

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
