using System.Numerics.Tensors;

namespace Botify.Train.Model;

/// <summary>
/// One stochastic step on one example, with the scratch rows of one thread. The error e = p - y of
/// the squared loss sends e·q to the track side (t and the track's feature rows) and e·t_eff to the
/// context side (c, the context's feature rows and u); each row adds its own L2 term. Both shared gradients are computed from the old values
/// before any row moves. The global bias is not learned here: it is the training mean, set once.
/// </summary>
internal sealed class ExampleUpdater(EmbeddingModel model, float learningRate, float biasLearningRate, float l2, float featureL2)
{
    private readonly float[] _query = new float[model.Dimension];
    private readonly float[] _track = new float[model.Dimension];

    /// <summary>Applies one step and returns the squared error before it.</summary>
    public float Step(int context, int user, int track, float target)
    {
        var d = model.Dimension;
        var hasUser = (uint)user < (uint)model.Users;
        model.EffectiveContext(context, _query);
        if (hasUser)
        {
            TensorPrimitives.Add(_query, model.UserVectors.Row(user), _query);
        }

        model.EffectiveTrack(track, _track);
        var error = TensorPrimitives.Dot(_query, _track) + model.EffectiveBias(track) + model.GlobalBias - target;
        // The track side moves along the query, the context side along the track, both scaled by the error;
        // _query and _track are copies, so every gradient is taken from the old values.
        Update(model.TrackVectors.Row(track), model.TrackAccumulator.AsSpan(track * d, d), _query, error, l2);
        Update(model.Context.Row(context), model.ContextAccumulator.AsSpan(context * d, d), _track, error, l2);
        if (hasUser)
        {
            Update(model.UserVectors.Row(user), model.UserAccumulator.AsSpan(user * d, d), _track, error, l2);
        }

        AdaGrad.Step(ref model.Bias[track], ref model.BiasAccumulator[track], error + (l2 * model.Bias[track]), biasLearningRate);
        foreach (var feature in model.FeaturesOf(track))
        {
            Update(model.FeatureTracks.Row(feature), model.FeatureTrackAccumulator.AsSpan(feature * d, d), _query, error, featureL2);
            AdaGrad.Step(ref model.FeatureBias[feature], ref model.FeatureBiasAccumulator[feature], error + (featureL2 * model.FeatureBias[feature]), biasLearningRate);
        }

        foreach (var feature in model.FeaturesOf(context))
        {
            Update(model.FeatureContext.Row(feature), model.FeatureContextAccumulator.AsSpan(feature * d, d), _track, error, featureL2);
        }

        return error * error;
    }

    /// <summary>One AdaGrad step of a row along scale · direction plus the row's own L2 term.</summary>
    private void Update(Span<float> row, Span<float> accumulator, ReadOnlySpan<float> direction, float scale, float weight)
    {
        AdaGrad.Step(row, accumulator, direction, scale, weight, learningRate);
    }
}
