using System.Numerics.Tensors;
using Botify.Shared.Embeddings;

namespace Botify.Train.Model;

/// <summary>
/// The parameters being learned: context, track and listener tables of dimension d, a bias per track
/// and a global bias, each with its AdaGrad accumulator. Score = &lt;c[ctx] + u[user], t[track]&gt; + b[track] + μ.
/// </summary>
public sealed class EmbeddingModel
{
    public EmbeddingModel(int tracks, int users, int dimension, float initialScale, int seed)
    {
        Tracks = tracks;
        Users = users;
        Dimension = dimension;
        Context = EmbeddingTable.Zeros(tracks, dimension);
        TrackVectors = EmbeddingTable.Zeros(tracks, dimension);
        UserVectors = EmbeddingTable.Zeros(users, dimension);
        Bias = new float[tracks];
        var random = new Random(seed);
        ClusteredVectors.FillGaussian(random, Context.Data, initialScale);
        ClusteredVectors.FillGaussian(random, TrackVectors.Data, initialScale);
        ClusteredVectors.FillGaussian(random, UserVectors.Data, initialScale);
        ContextAccumulator = new float[Context.Data.Length];
        TrackAccumulator = new float[TrackVectors.Data.Length];
        UserAccumulator = new float[UserVectors.Data.Length];
        BiasAccumulator = new float[tracks];
    }

    public int Tracks { get; }

    public int Users { get; }

    public int Dimension { get; }

    public EmbeddingTable Context { get; }

    public EmbeddingTable TrackVectors { get; }

    public EmbeddingTable UserVectors { get; }

    public float[] Bias { get; }

    public float GlobalBias { get; set; }

    internal float[] ContextAccumulator { get; }

    internal float[] TrackAccumulator { get; }

    internal float[] UserAccumulator { get; }

    internal float[] BiasAccumulator { get; }

    /// <summary>Predicted share heard of <paramref name="track"/> after <paramref name="context"/> for <paramref name="user"/>.</summary>
    public float Predict(int context, int user, int track)
    {
        var t = TrackVectors.Row(track);
        var score = TensorPrimitives.Dot(Context.Row(context), t) + Bias[track] + GlobalBias;
        if ((uint)user < (uint)Users)
        {
            score += TensorPrimitives.Dot(UserVectors.Row(user), t);
        }

        return score;
    }

    /// <summary>A copy of the parameters (not the accumulators), for keeping the best epoch.</summary>
    public ModelSnapshot Snapshot() => new(
        Context.Data.ToArray(), TrackVectors.Data.ToArray(), UserVectors.Data.ToArray(), (float[])Bias.Clone(), GlobalBias);

    /// <summary>Puts back the parameters of a snapshot.</summary>
    public void Restore(ModelSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        snapshot.Context.CopyTo(Context.Data);
        snapshot.Tracks.CopyTo(TrackVectors.Data);
        snapshot.Users.CopyTo(UserVectors.Data);
        snapshot.Bias.CopyTo(Bias.AsSpan());
        GlobalBias = snapshot.GlobalBias;
    }
}
