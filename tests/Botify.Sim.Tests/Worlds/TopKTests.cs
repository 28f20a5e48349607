using Botify.Sim.Worlds;

namespace Botify.Sim.Tests.Worlds;

public sealed class TopKTests
{
    [Test]
    public void Select_RandomScores_MatchesFullSort()
    {
        var random = new Random(11);
        var scores = Enumerable.Range(0, 5_000).Select(_ => (float)random.NextDouble()).ToArray();
        var ids = new int[37];

        var count = TopK.Select(scores, 37, ids);

        var expected = Enumerable.Range(0, scores.Length).OrderByDescending(i => scores[i]).ThenBy(i => i).Take(37);
        Assert.Multiple(() =>
        {
            Assert.That(count, Is.EqualTo(37));
            Assert.That(ids, Is.EqualTo(expected));
        });
    }

    [Test]
    public void Nearest_GeneratedWorld_MatchesBruteForceInnerProduct()
    {
        var world = TinyWorlds.Small;
        var taste = world.TrueVectors.Row(42).ToArray();

        var nearest = world.Affinity.Nearest(42, 10);

        var expected = Enumerable.Range(0, world.Catalog.Count)
            .OrderByDescending(t => System.Numerics.Tensors.TensorPrimitives.Dot(world.TrueVectors.Row(t), taste))
            .Take(10);
        Assert.That(nearest, Is.EqualTo(expected));
    }
}
