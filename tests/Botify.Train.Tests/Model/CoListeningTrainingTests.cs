using System.Numerics.Tensors;
using Botify.Train.Evaluation;
using Botify.Train.Examples;
using Botify.Train.Model;

namespace Botify.Train.Tests.Model;

public sealed class CoListeningTrainingTests
{
    private const int Tracks = 1_500;

    [Test]
    public void Train_CoListeningWithoutCatalog_PutsTrueNeighboursFarAboveRandom()
    {
        // Sessions of a recommender that already works a little (a third of its offers near the first
        // track), no catalog features: what a later day of the loop on the course's catalog looks like.
        var log = new SyntheticLog(Tracks, users: 300, sessions: 6_000, seed: 11, nearShare: 0.3);
        var precision = Precision(log, new CoListeningSettings());
        var random = 50.0 / Tracks;

        TestContext.Out.WriteLine($"precision@10 against the true top-50: co-listening {precision:F3}, random {random:F3}");
        Assert.That(precision, Is.GreaterThan(10 * random));
    }

    /// <summary>Share of a model's top-10 (by &lt;c, t&gt; + b, as the index ranks) among the true top-50, over 200 context tracks.</summary>
    private static double Precision(SyntheticLog log, CoListeningSettings coListening)
    {
        var sessions = SessionRebuilder.Rebuild(log.Events, SessionRebuilder.DefaultIdleGap);
        var all = Enumerable.Range(0, sessions.Count).ToArray();
        var train = ExampleSet.From(sessions, all, ContextChoice.First);
        var pairs = CoListeningPairs.From(sessions, all, coListening);
        var options = new TrainerOptions { Dimension = 16, Epochs = 10, Threads = 1, Seed = 5, ValidationShare = 0, CoListening = coListening };

        var (model, _) = new Trainer(options).Train(train, ExampleSet.From(sessions, [], ContextChoice.First), Tracks, 300, pairs: pairs);
        model.FoldFeatures(coListening.Scale);

        double hits = 0;
        var scores = new float[Tracks];
        var contexts = sessions.Select(s => s.Tracks[0]).Distinct().Take(200).ToArray();
        foreach (var context in contexts)
        {
            for (var t = 0; t < Tracks; t++)
            {
                scores[t] = t == context ? float.NegativeInfinity : TensorPrimitives.Dot(model.Context.Row(context), model.TrackVectors.Row(t)) + model.Bias[t];
            }

            var best = log.Nearest(context, 50).ToHashSet();
            hits += RankingEvaluation.TopK(scores, 10).Count(best.Contains);
        }

        return hits / (contexts.Length * 10);
    }
}
