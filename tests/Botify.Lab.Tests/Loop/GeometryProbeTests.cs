using Botify.Lab.Loop;
using Botify.Shared.Embeddings;

namespace Botify.Lab.Tests.Loop;

public sealed class GeometryProbeTests
{
    private const int Tracks = 400;
    private const int Dimension = 8;

    private static EmbeddingTable Gaussian(int seed)
    {
        var random = new Random(seed);
        var data = new float[Tracks * Dimension];
        for (var i = 0; i < data.Length; i++)
        {
            // Box–Muller: a standard normal, so no two tracks tie at the top-10 boundary.
            data[i] = (float)(Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));
        }

        return new EmbeddingTable(data, Tracks, Dimension);
    }

    private static int[] Plays(Func<int, int> count) => [.. Enumerable.Range(0, Tracks).Select(count)];

    [Test]
    public void Measure_LearnedTablesEqualTheTruth_RecallAndRatioOne()
    {
        var truth = Gaussian(1);
        var probe = new GeometryProbe(truth, sampleSize: 100, seed: 7);

        var report = probe.Measure(1, truth, truth, new float[Tracks], Plays(t => t % 2 == 0 ? 5 : 4));

        Assert.That(report.K, Is.EqualTo(10));
        Assert.That(report.Sample, Is.EqualTo(100));
        Assert.That(report.Recall, Is.EqualTo(1.0));
        Assert.That(report.AffinityRatio, Is.EqualTo(1.0).Within(1e-9));
        Assert.That(report.HeardSample, Is.EqualTo(probe.Sample.Count(t => t % 2 == 0)), "heard = at least 5 plays");
        Assert.That(report.HeardSample, Is.GreaterThan(0).And.LessThan(100));
        Assert.That(report.HeardRecall, Is.EqualTo(1.0));
        Assert.That(report.HeardAffinityRatio, Is.EqualTo(1.0).Within(1e-9));
    }

    [Test]
    public void Measure_TablesShuffledAcrossTracks_LowRecallAndRatio()
    {
        var truth = Gaussian(1);
        var order = Enumerable.Range(0, Tracks).ToArray();
        new Random(3).Shuffle(order);
        var shuffled = new float[Tracks * Dimension];
        for (var t = 0; t < Tracks; t++)
        {
            truth.Row(order[t]).CopyTo(shuffled.AsSpan(t * Dimension, Dimension));
        }

        var table = new EmbeddingTable(shuffled, Tracks, Dimension);
        var probe = new GeometryProbe(truth, sampleSize: 100, seed: 7);

        var report = probe.Measure(1, table, table, new float[Tracks], Plays(_ => 0));

        // By chance 10 of 399 tracks: recall ≈ 0.025.
        Assert.That(report.Recall, Is.LessThan(0.1));
        Assert.That(report.AffinityRatio, Is.LessThan(0.3));
        Assert.That(report.HeardSample, Is.Zero);
        Assert.That(report.HeardRecall, Is.NaN);
    }

    [Test]
    public void Sample_SameSeed_SameDistinctTracks()
    {
        var truth = Gaussian(1);

        var a = new GeometryProbe(truth, sampleSize: 50, seed: 11).Sample;
        var b = new GeometryProbe(truth, sampleSize: 50, seed: 11).Sample;
        var c = new GeometryProbe(truth, sampleSize: 50, seed: 12).Sample;

        Assert.That(a, Is.EqualTo(b));
        Assert.That(a, Is.Unique.And.All.InRange(0, Tracks - 1));
        Assert.That(c, Is.Not.EqualTo(a));
    }
}
