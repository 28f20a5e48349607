using System.Numerics.Tensors;

namespace Botify.Train.Model;

/// <summary>
/// One stochastic step on one example, with the scratch rows of one thread. Gradients of the squared
/// error (p - y)² with L2 on the touched rows; all three gradients are computed from the old values
/// before any row moves. The global bias is not learned here: it is the training mean, set once.
/// </summary>
internal sealed class ExampleUpdater(EmbeddingModel model, float learningRate, float l2)
{
    private readonly float[] _query = new float[model.Dimension];
    private readonly float[] _trackGradient = new float[model.Dimension];
    private readonly float[] _contextGradient = new float[model.Dimension];
    private readonly float[] _userGradient = new float[model.Dimension];

    /// <summary>Applies one step and returns the squared error before it.</summary>
    public float Step(int context, int user, int track, float target)
    {
        var d = model.Dimension;
        var c = model.Context.Row(context);
        var t = model.TrackVectors.Row(track);
        var hasUser = (uint)user < (uint)model.Users;
        var u = hasUser ? model.UserVectors.Row(user) : default;
        var q = _query.AsSpan();
        if (hasUser)
        {
            TensorPrimitives.Add(c, u, q);
        }
        else
        {
            c.CopyTo(q);
        }

        var error = TensorPrimitives.Dot(q, t) + model.Bias[track] + model.GlobalBias - target;

        // g_t = e·q + λt ; g_c = e·t + λc ; g_u = e·t + λu
        TensorPrimitives.Multiply(q, error, _trackGradient);
        TensorPrimitives.MultiplyAdd(t, l2, _trackGradient, _trackGradient);
        TensorPrimitives.Multiply(t, error, _contextGradient);
        if (hasUser)
        {
            TensorPrimitives.MultiplyAdd(u, l2, _contextGradient, _userGradient);
        }

        TensorPrimitives.MultiplyAdd(c, l2, _contextGradient, _contextGradient);

        AdaGrad.Step(t, model.TrackAccumulator.AsSpan(track * d, d), _trackGradient, learningRate);
        AdaGrad.Step(c, model.ContextAccumulator.AsSpan(context * d, d), _contextGradient, learningRate);
        if (hasUser)
        {
            AdaGrad.Step(u, model.UserAccumulator.AsSpan(user * d, d), _userGradient, learningRate);
        }

        AdaGrad.Step(ref model.Bias[track], ref model.BiasAccumulator[track], error + (l2 * model.Bias[track]), learningRate);
        return error * error;
    }
}
