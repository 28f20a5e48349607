using System.Numerics.Tensors;

namespace Botify.Train.Model;

/// <summary>
/// One stochastic step of the co-listening ranking loss on one pair (docs/training.md): with
/// x = κ·&lt;c_eff[a], t_eff[b]&gt; + β[b] and x_j the same for negatives n_j, the loss is
/// λ·w·(−log σ(x) − Σ_j log σ(−x_j)). Negatives come from the pairs' own tracks (similarity, not
/// popularity, separates them) and, for a share of them, from the whole catalog: against those a
/// track's pair bias β learns its reach, how widely it is liked, which the vectors then need not
/// carry. κ (<see cref="Examples.CoListeningSettings.Scale"/>) keeps the inner products on the
/// regression's scale, shares heard, while the logits range wider. The listener stays out. Every gradient is computed from the old values before a row
/// moves, as in <see cref="ExampleUpdater"/>.
/// </summary>
internal sealed class PairUpdater
{
    private readonly EmbeddingModel _model;
    private readonly float _learningRate;
    private readonly float _l2;
    private readonly float _featureL2;
    private readonly float[] _query;
    private readonly float[] _tracks;
    private readonly int[] _ids;
    private readonly float[] _scales;
    private readonly float[] _toContext;

    private readonly double _uniformShare;
    private readonly float _scale;
    private readonly float _biasLearningRate;
    private readonly int _negatives;
    private readonly int _sessionNegatives;

    public PairUpdater(EmbeddingModel model, float learningRate, float biasLearningRate, float l2, float featureL2, int negatives, double uniformShare, float scale,
        int sessionNegatives = 0)
    {
        _negatives = negatives;
        _sessionNegatives = sessionNegatives;
        _biasLearningRate = biasLearningRate;
        _uniformShare = uniformShare;
        _scale = scale;
        _model = model;
        _learningRate = learningRate;
        _l2 = l2;
        _featureL2 = featureL2;
        var d = model.Dimension;
        _query = new float[d];
        var terms = negatives + sessionNegatives + 1;
        _tracks = new float[terms * d];
        _ids = new int[terms];
        _scales = new float[terms];
        _toContext = new float[d];
    }

    /// <summary>
    /// Applies one step on (a, b) against negatives drawn from <paramref name="pool"/> and, besides them, the
    /// constructor's number of session negatives taken from <paramref name="sessionSkips"/> and ranked below b
    /// pairwise; returns the loss before it.
    /// </summary>
    public float Step(int context, int track, float weight, bool skipped, int[] pool, Random random, double? uniformShare = null,
        ReadOnlySpan<int> sessionSkips = default)
    {
        var share = uniformShare ?? _uniformShare;
        var model = _model;
        var d = model.Dimension;
        model.EffectiveContext(context, _query);
        var positive = !skipped;
        var x = Logit(track, _tracks.AsSpan(0, d));
        var p = Sigmoid(x);
        // d/dx of −log σ(x) is σ(x) − 1 for the positive; of −log σ(−x) is σ(x) for a negative.
        _scales[0] = weight * (positive ? p - 1f : p);
        double loss = -weight * MathF.Log(MathF.Max(1e-7f, positive ? p : 1f - p));
        _ids[0] = track;
        var count = 1;
        var fromSession = skipped || sessionSkips.IsEmpty ? 0 : _sessionNegatives;
        var terms = skipped ? 0 : fromSession + _negatives;
        for (var j = 0; j < terms; j++)
        {
            var fromSkips = j < fromSession;
            var id = fromSkips ? sessionSkips[random.Next(sessionSkips.Length)]
                : random.NextDouble() < share ? random.Next(model.Tracks) : pool[random.Next(pool.Length)];
            if (id == track || (fromSkips && id == context))
            {
                continue;
            }

            var xj = Logit(id, _tracks.AsSpan(count * d, d));
            if (fromSkips)
            {
                // −log σ(x − x_j): the skip only has to rank below the liked track, whatever the listener's bias.
                var above = Sigmoid(x - xj);
                var g = weight * (1f - above);
                _scales[0] -= g;
                _scales[count] = g;
                loss -= weight * MathF.Log(MathF.Max(1e-7f, above));
            }
            else
            {
                var pj = Sigmoid(xj);
                _scales[count] = weight * pj;
                loss -= weight * MathF.Log(MathF.Max(1e-7f, 1f - pj));
            }

            _ids[count++] = id;
        }

        _toContext.AsSpan().Clear();
        for (var j = 0; j < count; j++)
        {
            TensorPrimitives.MultiplyAdd(_tracks.AsSpan(j * d, d), _scales[j] * _scale, _toContext, _toContext);
        }

        for (var j = 0; j < count; j++)
        {
            // Each track side row moves along the query, scaled by this term's gradient.
            var id = _ids[j];
            var scale = _scales[j] * _scale;
            AdaGrad.Step(model.TrackVectors.Row(id), model.TrackAccumulator.AsSpan(id * d, d), _query, scale, _l2, _learningRate);
            AdaGrad.Step(ref model.PairBias[id], ref model.PairBiasAccumulator[id], _scales[j] + (_l2 * model.PairBias[id]), _biasLearningRate);

            foreach (var feature in model.FeaturesOf(id))
            {
                AdaGrad.Step(model.FeatureTracks.Row(feature), model.FeatureTrackAccumulator.AsSpan(feature * d, d), _query, scale, _featureL2, _learningRate);
            }
        }

        AdaGrad.Step(model.Context.Row(context), model.ContextAccumulator.AsSpan(context * d, d), _toContext, 1f, _l2, _learningRate);
        foreach (var feature in model.FeaturesOf(context))
        {
            AdaGrad.Step(model.FeatureContext.Row(feature), model.FeatureContextAccumulator.AsSpan(feature * d, d), _toContext, 1f, _featureL2, _learningRate);
        }

        return (float)loss;
    }

    /// <summary>The loss of a pair against the given negatives, without a step (validation).</summary>
    public float Loss(int context, int track, bool skipped, ReadOnlySpan<int> negatives)
    {
        var model = _model;
        var d = model.Dimension;
        model.EffectiveContext(context, _query);
        var row = _tracks.AsSpan(0, d);
        model.EffectiveTrack(track, row);
        var p = Sigmoid((_scale * TensorPrimitives.Dot(_query, row)) + model.PairBias[track]);
        double loss = -Math.Log(Math.Max(1e-7, skipped ? 1f - p : p));
        if (skipped)
        {
            return (float)loss;
        }

        foreach (var negative in negatives)
        {
            if (negative == track)
            {
                continue;
            }

            model.EffectiveTrack(negative, row);
            loss -= Math.Log(Math.Max(1e-7, 1f - Sigmoid((_scale * TensorPrimitives.Dot(_query, row)) + model.PairBias[negative])));
        }

        return (float)loss;
    }

    private static float Sigmoid(float x) => 1f / (1f + MathF.Exp(-x));

    /// <summary>κ·&lt;query, t_eff[id]&gt; + β[id], leaving t_eff[id] in <paramref name="row"/>.</summary>
    private float Logit(int id, Span<float> row)
    {
        _model.EffectiveTrack(id, row);
        return (_scale * TensorPrimitives.Dot(_query, row)) + _model.PairBias[id];
    }
}
