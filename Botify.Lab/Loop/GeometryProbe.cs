using System.Numerics.Tensors;
using Botify.Lab.Analysis;
using Botify.Shared.Embeddings;
using Botify.Sim.Worlds;

namespace Botify.Lab.Loop;

/// <summary>
/// Measures a trained model's geometry against the world's true track vectors on a fixed sample of
/// tracks: each sampled track's true top-k neighbours (by &lt;true[q], true[x]&gt;) against its learned
/// top-k (by &lt;c[q], t[x]&gt; + b[x], the score the index serves by), both by exact scan and the track
/// itself left out. The sample and its true neighbours are found once per run, so every night is
/// measured on the same tracks and nights compare.
/// </summary>
public sealed class GeometryProbe
{
    /// <summary>Sampled tracks per run.</summary>
    public const int DefaultSampleSize = 500;

    /// <summary>Neighbours compared per track.</summary>
    public const int DefaultK = 10;

    /// <summary>Plays in the training logs that make a track count as heard.</summary>
    public const int DefaultMinPlays = 5;

    private readonly EmbeddingTable _truth;
    private readonly int[] _sample;
    private readonly int[][] _trueNearest;
    private readonly double[] _trueAffinity;

    /// <summary>Draws <paramref name="sampleSize"/> distinct tracks with <paramref name="seed"/> and finds their true top-<paramref name="k"/>.</summary>
    public GeometryProbe(EmbeddingTable truth, int sampleSize, int seed, int k = DefaultK)
    {
        ArgumentNullException.ThrowIfNull(truth);
        ArgumentOutOfRangeException.ThrowIfLessThan(truth.Rows, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(sampleSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        _truth = truth;
        K = Math.Min(k, truth.Rows - 1);

        // A partial Fisher–Yates draw: distinct tracks, the same ones for the same seed and catalog.
        var random = new Random(seed);
        var ids = Enumerable.Range(0, truth.Rows).ToArray();
        var count = Math.Min(sampleSize, truth.Rows);
        for (var i = 0; i < count; i++)
        {
            var j = random.Next(i, ids.Length);
            (ids[i], ids[j]) = (ids[j], ids[i]);
        }

        _sample = ids[..count];
        _trueNearest = new int[count][];
        _trueAffinity = new double[count];
        // The truth is scanned with the same code as the model, so a model equal to the truth scores exactly 1.
        Scan(truth, truth, bias: null, (i, nearest) =>
        {
            _trueNearest[i] = nearest;
            _trueAffinity[i] = Affinity(_sample[i], nearest);
        });
    }

    /// <summary>Neighbours compared per track (k, capped at the catalog size − 1).</summary>
    public int K { get; }

    /// <summary>The sampled tracks, in draw order.</summary>
    public IReadOnlyList<int> Sample => _sample;

    /// <summary>
    /// Scores night <paramref name="night"/>'s model (context table, track table, track biases) on the
    /// sample; <paramref name="plays"/> holds each track's plays in the logs the night trained on.
    /// </summary>
    public GeometryReport Measure(int night, EmbeddingTable context, EmbeddingTable tracks, float[] bias, IReadOnlyList<int> plays, int minPlays = DefaultMinPlays)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(tracks);
        ArgumentNullException.ThrowIfNull(bias);
        ArgumentNullException.ThrowIfNull(plays);
        if (context.Rows != _truth.Rows || tracks.Rows != _truth.Rows || bias.Length != _truth.Rows || plays.Count != _truth.Rows)
        {
            throw new ArgumentException($"the model's tables ({context.Rows}, {tracks.Rows}, {bias.Length}) and play counts ({plays.Count}) must each cover the world's {_truth.Rows} tracks");
        }

        var hits = new int[_sample.Length];
        var learnedAffinity = new double[_sample.Length];
        Scan(context, tracks, bias, (i, nearest) =>
        {
            hits[i] = nearest.Count(_trueNearest[i].Contains);
            learnedAffinity[i] = Affinity(_sample[i], nearest);
        });

        var all = Enumerable.Range(0, _sample.Length).ToArray();
        var heard = all.Where(i => plays[_sample[i]] >= minPlays).ToArray();
        return new GeometryReport(night, K, all.Length, Recall(all), Ratio(all), minPlays, heard.Length, Recall(heard), Ratio(heard));

        double Recall(int[] rows) => rows.Length == 0 ? double.NaN : rows.Average(i => (double)hits[i] / K);

        // A ratio of sums rather than a mean of per-track ratios: one track whose true neighbours score near
        // zero would otherwise swing the figure.
        double Ratio(int[] rows) => rows.Length == 0 ? double.NaN : rows.Sum(i => learnedAffinity[i]) / rows.Sum(i => _trueAffinity[i]);
    }

    // Exact top-k of every sampled track q by <queries[q], items[x]> + bias[x], x != q; one scan of the
    // item table per sampled track, spread over the cores (the services sit idle at night).
    private void Scan(EmbeddingTable queries, EmbeddingTable items, float[]? bias, Action<int, int[]> found)
    {
        var n = items.Rows;
        Parallel.For(0, _sample.Length, () => new float[n], (i, _, scores) =>
        {
            var q = _sample[i];
            var query = queries.Row(q);
            for (var x = 0; x < n; x++)
            {
                scores[x] = TensorPrimitives.Dot(query, items.Row(x)) + (bias?[x] ?? 0f);
            }

            scores[q] = float.NegativeInfinity;
            var nearest = new int[K];
            var count = TopK.Select(scores, K, nearest);
            found(i, count == K ? nearest : nearest[..count]);
            return scores;
        }, _ => { });
    }

    // Mean true affinity <true[q], true[x]> over the given neighbours.
    private double Affinity(int query, int[] neighbours)
    {
        var vector = _truth.Row(query);
        var sum = 0.0;
        foreach (var x in neighbours)
        {
            sum += TensorPrimitives.Dot(vector, _truth.Row(x));
        }

        return neighbours.Length == 0 ? 0 : sum / neighbours.Length;
    }
}
