using System.Numerics.Tensors;
using Botify.Train.Model;

namespace Botify.Train.Tests.Model;

public sealed class PairUpdaterTests
{
    [Test]
    public void Step_WithASessionSkip_AddsThePairwiseTermAndRanksTheSkipBelowTheLikedTrack()
    {
        const int a = 0, liked = 1, skip = 2;
        var model = new EmbeddingModel(tracks: 10, users: 1, dimension: 4, initialScale: 0.5f, seed: 3);
        var updater = new PairUpdater(model, learningRate: 0.05f, biasLearningRate: 0.05f, l2: 0f, featureL2: 0f, negatives: 0, uniformShare: 1, scale: 1f, sessionNegatives: 1);
        var x = Logit(model, a, liked);
        var xSkip = Logit(model, a, skip);

        // No drawn negative and one from the session's skips: −log σ(x) − log σ(x − x_skip).
        var loss = updater.Step(a, liked, weight: 1f, skipped: false, pool: [liked], new Random(1), sessionSkips: [skip]);

        var expected = -Math.Log(Sigmoid(x)) - Math.Log(Sigmoid(x - xSkip));
        Assert.That(loss, Is.EqualTo(expected).Within(1e-4));
        for (var i = 0; i < 200; i++)
        {
            updater.Step(a, liked, weight: 1f, skipped: false, pool: [liked], new Random(i), sessionSkips: [skip]);
        }

        Assert.That(Logit(model, a, liked) - Logit(model, a, skip), Is.GreaterThan(x - xSkip + 1), "the liked track pulls ahead of the skip");
    }

    private static float Logit(EmbeddingModel model, int context, int track)
    {
        var c = new float[model.Dimension];
        var t = new float[model.Dimension];
        model.EffectiveContext(context, c);
        model.EffectiveTrack(track, t);
        return TensorPrimitives.Dot(c, t) + model.PairBias[track];
    }

    private static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));
}
