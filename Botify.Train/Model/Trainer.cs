using System.Diagnostics;
using Botify.Train.Examples;

namespace Botify.Train.Model;

/// <summary>
/// Learns an <see cref="EmbeddingModel"/> from examples with AdaGrad. Each epoch shuffles the
/// examples and splits them among threads that update shared rows without locks (Hogwild: rows
/// collide rarely, and a lost update costs less than a lock on every row). With one thread the run
/// is fully determined by the seed. Early stopping keeps the epoch with the lowest validation error.
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
    public (EmbeddingModel Model, IReadOnlyList<EpochResult> Epochs) Train(
        ExampleSet train, ExampleSet validation, int tracks, int users, Action<EpochResult>? onEpoch = null, TrackFeatures? features = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(validation);
        options.Validate();
        if (train.Count == 0)
        {
            throw new ArgumentException("there are no training examples", nameof(train));
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
            var (squared, updates) = RunEpoch(model, train, order, threads, epoch);
            var seconds = stopwatch.Elapsed.TotalSeconds;
            var validationRmse = validation.Count > 0 ? Rmse(model, validation) : double.NaN;
            var result = new EpochResult(epoch, Math.Sqrt(squared / updates), validationRmse, updates / seconds, seconds);
            results.Add(result);
            onEpoch?.Invoke(result);

            if (validation.Count == 0)
            {
                continue;
            }

            if (validationRmse < best)
            {
                best = validationRmse;
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

    private (double Squared, long Updates) RunEpoch(EmbeddingModel model, ExampleSet train, int[] order, int threads, int epoch)
    {
        var chunk = (order.Length + threads - 1) / threads;
        var squared = new double[threads];
        var updates = new long[threads];
        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, worker =>
        {
            var updater = new ExampleUpdater(model, options.LearningRate, options.TrackL2(model.Features is not null), options.FeatureL2);
            var random = new Random(Mix(options.Seed, epoch, worker));
            var start = worker * chunk;
            var end = Math.Min(order.Length, start + chunk);
            double sum = 0;
            long count = 0;
            for (var j = start; j < end; j++)
            {
                var i = order[j];
                sum += updater.Step(train.Contexts[i], train.Users[i], train.Tracks[i], train.Times[i]);
                count++;
                for (var n = 0; n < options.Negatives; n++)
                {
                    sum += updater.Step(train.Contexts[i], train.Users[i], random.Next(model.Tracks), 0f);
                    count++;
                }
            }

            squared[worker] = sum;
            updates[worker] = count;
        });
        return (squared.Sum(), updates.Sum());
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
