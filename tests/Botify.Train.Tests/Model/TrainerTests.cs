using System.Numerics.Tensors;
using Botify.Train.Evaluation;
using Botify.Train.Examples;
using Botify.Train.Model;

namespace Botify.Train.Tests.Model;

public sealed class TrainerTests
{
    [Test]
    public void Train_LogFromKnownTastes_RanksTrulyBestTracksFarAboveRandom()
    {
        const int Tracks = 1_500;
        var log = new SyntheticLog(Tracks, users: 200, sessions: 6_000, seed: 3);
        var sessions = SessionRebuilder.Rebuild(log.Events, SessionRebuilder.DefaultIdleGap);
        var train = ExampleSet.From(sessions, Enumerable.Range(0, sessions.Count), ContextChoice.First);
        var options = new TrainerOptions { Dimension = 16, Epochs = 20, Threads = 1, Seed = 5, ValidationShare = 0 };

        var (model, _) = new Trainer(options).Train(train, ExampleSet.From(sessions, [], ContextChoice.First), Tracks, 200);

        // For 200 context tracks: how many of the model's top-10 are among the truly best 50 tracks?
        double modelHits = 0;
        var scores = new float[Tracks];
        var truth = new float[Tracks];
        for (var context = 0; context < 200; context++)
        {
            for (var t = 0; t < Tracks; t++)
            {
                scores[t] = TensorPrimitives.Dot(model.Context.Row(context), model.TrackVectors.Row(t)) + model.Bias[t];
                truth[t] = TensorPrimitives.Dot(log.Truth.Row(context), log.Truth.Row(t));
            }

            var best = RankingEvaluation.TopK(truth, 50).ToHashSet();
            modelHits += RankingEvaluation.TopK(scores, 10).Count(best.Contains);
        }

        var modelPrecision = modelHits / (200 * 10);
        var randomPrecision = 50.0 / Tracks;
        TestContext.Out.WriteLine($"precision@10 against the true top-50: model {modelPrecision:F3}, random {randomPrecision:F3}");
        Assert.That(modelPrecision, Is.GreaterThan(10 * randomPrecision));
    }

    [Test]
    public void Train_BeatsTheGlobalAverageOnHeldOutSessions()
    {
        var log = new SyntheticLog(800, users: 100, sessions: 4_000, seed: 4);
        var sessions = SessionRebuilder.Rebuild(log.Events, SessionRebuilder.DefaultIdleGap);
        var train = ExampleSet.From(sessions, Enumerable.Range(0, 3_400), ContextChoice.First);
        var validation = ExampleSet.From(sessions, Enumerable.Range(3_400, sessions.Count - 3_400), ContextChoice.First);

        var (model, epochs) = new Trainer(new TrainerOptions { Dimension = 16, Epochs = 15, Threads = 2, Seed = 1 }).Train(train, validation, 800, 100);

        var modelRmse = Trainer.Rmse(model, validation);
        var averageRmse = Baselines.GlobalAverageRmse(train, validation);
        TestContext.Out.WriteLine($"validation RMSE: model {modelRmse:F4}, global average {averageRmse:F4}, random {Baselines.RandomRmse(validation, 1):F4} after {epochs.Count} epochs");
        Assert.That(modelRmse, Is.LessThan(0.85 * averageRmse));
        Assert.That(modelRmse, Is.EqualTo(epochs.Min(e => e.ValidationRmse)).Within(1e-9), "early stopping keeps the best epoch");
    }

    [Test]
    public void Train_OneThreadSameSeed_SameModel()
    {
        var log = new SyntheticLog(300, users: 50, sessions: 500, seed: 6);
        var sessions = SessionRebuilder.Rebuild(log.Events, SessionRebuilder.DefaultIdleGap);
        var train = ExampleSet.From(sessions, Enumerable.Range(0, sessions.Count), ContextChoice.Previous);
        var none = ExampleSet.From(sessions, [], ContextChoice.Previous);
        var options = new TrainerOptions { Dimension = 8, Epochs = 3, Threads = 1, Seed = 9, Negatives = 1 };

        var (a, _) = new Trainer(options).Train(train, none, 300, 50);
        var (b, _) = new Trainer(options).Train(train, none, 300, 50);
        var (c, _) = new Trainer(options with { Seed = 10 }).Train(train, none, 300, 50);

        Assert.That(b.TrackVectors.Data.ToArray(), Is.EqualTo(a.TrackVectors.Data.ToArray()));
        Assert.That(b.Context.Data.ToArray(), Is.EqualTo(a.Context.Data.ToArray()));
        Assert.That(b.Bias, Is.EqualTo(a.Bias));
        Assert.That(c.TrackVectors.Data.ToArray(), Is.Not.EqualTo(a.TrackVectors.Data.ToArray()));
    }

    [Test]
    public void AdaGradStep_MatchesTheScalarFormula()
    {
        float[] weights = [1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f, 9f, 10f];
        var accumulator = new float[10];
        Array.Fill(accumulator, 0.5f);
        var gradient = weights.Select(w => w / 10f).ToArray();
        var expected = weights.Select((w, i) => w - (0.1f * gradient[i] / MathF.Sqrt(0.5f + (gradient[i] * gradient[i]) + AdaGrad.Epsilon))).ToArray();

        AdaGrad.Step(weights, accumulator, gradient, 0.1f);

        Assert.That(weights, Is.EqualTo(expected).Within(1e-6f));
        Assert.That(accumulator[9], Is.EqualTo(0.5f + 1f).Within(1e-6f));
    }
}
