using System.Diagnostics;
using Botify.Train.Examples;

namespace Botify.Train.Model;

/// <summary>
/// Learns an <see cref="EmbeddingModel"/> from examples with AdaGrad. Each epoch shuffles the
/// examples and splits them among threads that update shared rows without locks (Hogwild: rows
/// collide rarely, and a lost update costs less than a lock on every row). With one thread the run
/// is fully determined by the seed. Early stopping keeps the epoch with the lowest ranking loss of the
/// held-out sessions' co-listening pairs, what serving ranks by (docs/training.md), or with no pairs
/// the lowest validation RMSE.
/// </summary>
public sealed class Trainer(TrainerOptions options)
{
    /// <summary>Trains and returns the model with the best validation error, and the per-epoch figures.</summary>
    /// <param name="train">Training examples.</param>
    /// <param name="validation">Held-out examples (may be empty: then every epoch runs and the last is kept).</param>
    /// <param name="tracks">Rows of the context and track tables.</param>
    /// <param name="users">Rows of the listener table.</param>
    /// <param name="onEpoch">Called after each epoch (progress display).</param>
    /// <param name="cancellationToken">Stops between epochs.</param>
    /// <param name="features">Each track's catalog features (artist, genres), or null to learn per-track parameters only.</param>
    /// <param name="pairs">The co-listening pairs of the training sessions; null or empty = the regression alone.</param>
    /// <param name="validationPairs">The co-listening pairs of the held-out sessions.</param>
    public (EmbeddingModel Model, IReadOnlyList<EpochResult> Epochs) Train(
        ExampleSet train, ExampleSet validation, int tracks, int users, Action<EpochResult>? onEpoch = null, TrackFeatures? features = null,
        CoListeningPairs? pairs = null, CoListeningPairs? validationPairs = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(validation);
        options.Validate();
        if (train.Count == 0)
        {
            throw new ArgumentException("there are no training examples", nameof(train));
        }

        var coListening = options.CoListening;
        pairs = coListening.Enabled ? pairs ?? CoListeningPairs.Empty : CoListeningPairs.Empty;
        validationPairs = coListening.Enabled && pairs.Count > 0 ? validationPairs ?? CoListeningPairs.Empty : CoListeningPairs.Empty;
        var pairOrder = new int[pairs.Count];
        for (var i = 0; i < pairOrder.Length; i++)
        {
            pairOrder[i] = i;
        }

        var d = options.Dimension;
        var model = new EmbeddingModel(tracks, users, d, options.InitialScale ?? (0.1f / MathF.Sqrt(d)), options.Seed, features)
        {
            GlobalBias = Mean(train.Times),
        };
        var threads = options.Threads == 0 ? Environment.ProcessorCount : options.Threads;
        var order = new int[train.Count];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        var results = new List<EpochResult>();
        var best = double.PositiveInfinity;
        ModelSnapshot? bestSnapshot = null;
        var sinceBest = 0;
        for (var epoch = 1; epoch <= options.Epochs; epoch++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var stopwatch = Stopwatch.StartNew();
            new Random(Mix(options.Seed, epoch, -1)).Shuffle(order);
            new Random(Mix(options.Seed, epoch, -2)).Shuffle(pairOrder);
            var totals = RunEpoch(model, train, order, pairs, pairOrder, threads, epoch);
            var seconds = stopwatch.Elapsed.TotalSeconds;
            var validationRmse = validation.Count > 0 ? Rmse(model, validation) : double.NaN;
            var validationPairLoss = validationPairs.Count > 0 ? PairLoss(model, validationPairs, pairs.Pool, coListening, options.Seed) : double.NaN;
            var result = new EpochResult(epoch, Math.Sqrt(totals.Squared / totals.Updates), validationRmse, (totals.Updates + totals.PairSteps) / seconds, seconds,
                totals.PairSteps > 0 ? totals.PairLoss / totals.PairSteps : double.NaN, validationPairLoss);
            results.Add(result);
            onEpoch?.Invoke(result);

            if (validation.Count == 0)
            {
                continue;
            }

            // With pairs, serving ranks by what the pairs teach; the regression's error is reported, not stopped on.
            var objective = double.IsNaN(validationPairLoss) ? validationRmse : validationPairLoss;
            if (objective < best)
            {
                best = objective;
                bestSnapshot = model.Snapshot();
                sinceBest = 0;
            }
            else if (++sinceBest >= options.Patience)
            {
                break;
            }
        }

        if (bestSnapshot is not null)
        {
            model.Restore(bestSnapshot);
        }

        return (model, results);
    }

    /// <summary>Root mean squared error of the model's predictions on <paramref name="examples"/>.</summary>
    public static double Rmse(EmbeddingModel model, ExampleSet examples)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(examples);
        double sum = 0;
        for (var i = 0; i < examples.Count; i++)
        {
            var error = model.Predict(examples.Contexts[i], examples.Users[i], examples.Tracks[i]) - examples.Times[i];
            sum += error * error;
        }

        return Math.Sqrt(sum / Math.Max(1, examples.Count));
    }

    /// <summary>
    /// Mean ranking loss of <paramref name="pairs"/> against negatives drawn from <paramref name="pool"/> by a
    /// fixed seed, so epochs are compared on the same draws.
    /// </summary>
    public static double PairLoss(EmbeddingModel model, CoListeningPairs pairs, int[] pool, CoListeningSettings settings, int seed)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(pairs);
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentNullException.ThrowIfNull(settings);
        var negatives = settings.Negatives;
        if (pairs.Count == 0 || pool.Length == 0)
        {
            return double.NaN;
        }

        var updater = new PairUpdater(model, 0f, 0f, 0f, 0f, negatives, settings.UniformNegativeShare, settings.Scale);
        var random = new Random(seed);
        Span<int> drawn = stackalloc int[negatives];
        double sum = 0;
        for (var i = 0; i < pairs.Count; i++)
        {
            for (var n = 0; n < negatives; n++)
            {
                drawn[n] = random.NextDouble() < settings.UniformNegativeShare ? random.Next(model.Tracks) : pool[random.Next(pool.Length)];
            }

            sum += updater.Loss(pairs.Contexts[i], pairs.Tracks[i], pairs.Skipped[i], drawn);
        }

        return sum / pairs.Count;
    }

    /// <summary>
    /// One epoch: each worker takes its share of the examples and of the pairs and interleaves them
    /// evenly, so neither stream runs ahead of the other within an epoch.
    /// </summary>
    private EpochTotals RunEpoch(EmbeddingModel model, ExampleSet train, int[] order, CoListeningPairs pairs, int[] pairOrder, int threads, int epoch)
    {
        var chunk = (order.Length + threads - 1) / threads;
        var pairChunk = (pairOrder.Length + threads - 1) / threads;
        var totals = new EpochTotals[threads];
        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, worker =>
        {
            var l2 = options.TrackL2(model.Features is not null);
            var updater = new ExampleUpdater(model, options.LearningRate, options.BiasRate, l2, options.FeatureL2);
            var pairUpdater = pairs.Count > 0 ? new PairUpdater(model, options.LearningRate, options.BiasRate, l2, options.FeatureL2, options.CoListening.Negatives, options.CoListening.UniformNegativeShare, options.CoListening.Scale, options.CoListening.SessionNegatives) : null;
            var random = new Random(Mix(options.Seed, epoch, worker));
            var start = worker * chunk;
            var end = Math.Min(order.Length, start + chunk);
            var pairStart = Math.Min(pairOrder.Length, worker * pairChunk);
            var pairEnd = Math.Min(pairOrder.Length, pairStart + pairChunk);
            var examples = Math.Max(0, end - start);
            var pairCount = pairEnd - pairStart;
            var total = new EpochTotals();
            var nextPair = pairStart;
            for (var j = start; j < end; j++)
            {
                var i = order[j];
                total.Squared += updater.Step(train.Contexts[i], train.Users[i], train.Tracks[i], train.Times[i]);
                total.Updates++;
                for (var n = 0; n < options.Negatives; n++)
                {
                    total.Squared += updater.Step(train.Contexts[i], train.Users[i], random.Next(model.Tracks), 0f);
                    total.Updates++;
                }

                // Pairs due by this point of the worker's examples, so both streams end together.
                var due = pairStart + (int)((long)pairCount * (j - start + 1) / Math.Max(1, examples));
                for (; nextPair < due; nextPair++)
                {
                    total.Pair(pairUpdater!, pairs, pairOrder[nextPair], options.CoListening, random);
                }
            }

            for (; nextPair < pairEnd; nextPair++)
            {
                total.Pair(pairUpdater!, pairs, pairOrder[nextPair], options.CoListening, random);
            }

            totals[worker] = total;
        });
        return new EpochTotals
        {
            Squared = totals.Sum(t => t.Squared),
            Updates = totals.Sum(t => t.Updates),
            PairLoss = totals.Sum(t => t.PairLoss),
            PairSteps = totals.Sum(t => t.PairSteps),
        };
    }

    private sealed class EpochTotals
    {
        public double Squared { get; set; }

        public long Updates { get; set; }

        public double PairLoss { get; set; }

        public long PairSteps { get; set; }

        public void Pair(PairUpdater updater, CoListeningPairs pairs, int i, CoListeningSettings settings, Random random)
        {
            var weight = settings.Weight;
            PairLoss += updater.Step(pairs.Contexts[i], pairs.Tracks[i], weight * pairs.Weights[i], pairs.Skipped[i], pairs.Pool, random,
                pairs.Chosen[i] ? settings.ChosenUniformNegativeShare : null, pairs.SessionSkips(i)) / weight;
            PairSteps++;
        }
    }

    /// <summary>A seed derived from several numbers, the same in every process (unlike HashCode).</summary>
    private static int Mix(int seed, int epoch, int worker) => unchecked((((seed * 1_000_003) + epoch) * 1_000_033) + worker);

    private static float Mean(float[] values)
    {
        double sum = 0;
        foreach (var value in values)
        {
            sum += value;
        }

        return (float)(sum / values.Length);
    }
}
