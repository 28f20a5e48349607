using System.Numerics.Tensors;
using Botify.Shared.Embeddings;

namespace Botify.Train.Model;

/// <summary>
/// The parameters being learned: context, track and listener tables of dimension d, a bias per track
/// and a global bias, each with its AdaGrad accumulator. With a catalog, each track's context and
/// track vectors and bias also get the shares of its features F(i) — its artist and genres:
/// c[i] + Σ c_F[f], t[i] + Σ t_F[f], b[i] + Σ b_F[f]. A day of logs shows most tracks a handful of
/// times at most, but their artists dozens of times and their genres thousands; the shares carry
/// what was learned to the rarely heard tracks (a factorisation machine with catalog features).
/// Score = &lt;c[ctx] + Σ c_F + u[user], t[track] + Σ t_F&gt; + b[track] + Σ b_F + μ.
/// </summary>
public sealed class EmbeddingModel
{
    public EmbeddingModel(int tracks, int users, int dimension, float initialScale, int seed, TrackFeatures? features = null)
    {
        Tracks = tracks;
        Users = users;
        Dimension = dimension;
        Features = features;
        FeatureCount = features?.Count ?? 0;
        var random = new Random(seed);
        Context = Table(tracks, dimension, random, initialScale);
        TrackVectors = Table(tracks, dimension, random, initialScale);
        UserVectors = Table(users, dimension, random, initialScale);
        FeatureContext = Table(FeatureCount, dimension, random, initialScale);
        FeatureTracks = Table(FeatureCount, dimension, random, initialScale);
        Bias = new float[tracks];
        PairBias = new float[tracks];
        PairBiasAccumulator = Accumulator(tracks);
        FeatureBias = new float[FeatureCount];
        ContextAccumulator = Accumulator(Context.Data.Length);
        TrackAccumulator = Accumulator(TrackVectors.Data.Length);
        UserAccumulator = Accumulator(UserVectors.Data.Length);
        FeatureContextAccumulator = Accumulator(FeatureContext.Data.Length);
        FeatureTrackAccumulator = Accumulator(FeatureTracks.Data.Length);
        BiasAccumulator = Accumulator(tracks);
        FeatureBiasAccumulator = Accumulator(FeatureCount);
    }

    public int Tracks { get; }

    public int Users { get; }

    public int Dimension { get; }

    /// <summary>Catalog features (artists and genres) with a share of their own (0 without a catalog).</summary>
    public int FeatureCount { get; }

    /// <summary>Each track's features, or null without a catalog.</summary>
    public TrackFeatures? Features { get; }

    public EmbeddingTable Context { get; }

    public EmbeddingTable TrackVectors { get; }

    public EmbeddingTable UserVectors { get; }

    public EmbeddingTable FeatureContext { get; }

    public EmbeddingTable FeatureTracks { get; }

    public float[] Bias { get; }

    public float[] FeatureBias { get; }

    /// <summary>Each track's bias in the co-listening logit: its reach, folded into <see cref="Bias"/> for serving.</summary>
    public float[] PairBias { get; }

    internal float[] PairBiasAccumulator { get; }

    public float GlobalBias { get; set; }

    internal float[] ContextAccumulator { get; }

    internal float[] TrackAccumulator { get; }

    internal float[] UserAccumulator { get; }

    internal float[] FeatureContextAccumulator { get; }

    internal float[] FeatureTrackAccumulator { get; }

    internal float[] BiasAccumulator { get; }

    internal float[] FeatureBiasAccumulator { get; }

    /// <summary>The features of a track (empty without a catalog).</summary>
    public ReadOnlySpan<int> FeaturesOf(int track) => Features is null ? [] : Features.Of(track);

    /// <summary>Predicted share heard of <paramref name="track"/> after <paramref name="context"/> for <paramref name="user"/>.</summary>
    public float Predict(int context, int user, int track)
    {
        var d = Dimension;
        Span<float> q = d <= 256 ? stackalloc float[d] : new float[d];
        Span<float> t = d <= 256 ? stackalloc float[d] : new float[d];
        EffectiveContext(context, q);
        if ((uint)user < (uint)Users)
        {
            TensorPrimitives.Add(q, UserVectors.Row(user), q);
        }

        EffectiveTrack(track, t);
        return TensorPrimitives.Dot(q, t) + EffectiveBias(track) + GlobalBias;
    }

    /// <summary>c[track] plus its features' shares.</summary>
    public void EffectiveContext(int track, Span<float> destination)
    {
        Sum(Context.Row(track), FeatureContext, FeaturesOf(track), destination);
    }

    /// <summary>t[track] plus its features' shares.</summary>
    public void EffectiveTrack(int track, Span<float> destination)
    {
        Sum(TrackVectors.Row(track), FeatureTracks, FeaturesOf(track), destination);
    }

    // row + the features' rows, the first addition reading the row in place of a copy (a pass fewer on the hot path).
    private static void Sum(ReadOnlySpan<float> row, EmbeddingTable features, ReadOnlySpan<int> ids, Span<float> destination)
    {
        if (ids.IsEmpty)
        {
            row.CopyTo(destination);
            return;
        }

        TensorPrimitives.Add(row, features.Row(ids[0]), destination);
        for (var i = 1; i < ids.Length; i++)
        {
            TensorPrimitives.Add(destination, features.Row(ids[i]), destination);
        }
    }

    /// <summary>b[track] plus its features' shares.</summary>
    public float EffectiveBias(int track)
    {
        var bias = Bias[track];
        foreach (var feature in FeaturesOf(track))
        {
            bias += FeatureBias[feature];
        }

        return bias;
    }

    /// <summary>
    /// Adds each feature's share into its tracks' rows and clears the feature tables, so the per-track
    /// tables alone give every score: the form a model bundle stores and the index serves.
    /// </summary>
    /// <param name="pairScale">κ of the co-listening loss: the pair bias enters the track bias as β/κ.</param>
    public void FoldFeatures(float pairScale = 1f)
    {
        for (var track = 0; track < Tracks; track++)
        {
            foreach (var feature in FeaturesOf(track))
            {
                TensorPrimitives.Add(Context.Row(track), FeatureContext.Row(feature), Context.Row(track));
                TensorPrimitives.Add(TrackVectors.Row(track), FeatureTracks.Row(feature), TrackVectors.Row(track));
                Bias[track] += FeatureBias[feature];
            }
        }

        for (var track = 0; track < Tracks; track++)
        {
            Bias[track] += PairBias[track] / pairScale;
        }

        Array.Clear(PairBias);
        FeatureContext.Data.Clear();
        FeatureTracks.Data.Clear();
        Array.Clear(FeatureBias);
    }

    /// <summary>A copy of the parameters (not the accumulators), for keeping the best epoch.</summary>
    public ModelSnapshot Snapshot() => new(
        Context.Data.ToArray(), TrackVectors.Data.ToArray(), UserVectors.Data.ToArray(), (float[])Bias.Clone(), GlobalBias,
        FeatureContext.Data.ToArray(), FeatureTracks.Data.ToArray(), (float[])FeatureBias.Clone(), (float[])PairBias.Clone());

    /// <summary>Puts back the parameters of a snapshot.</summary>
    public void Restore(ModelSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        snapshot.Context.CopyTo(Context.Data);
        snapshot.Tracks.CopyTo(TrackVectors.Data);
        snapshot.Users.CopyTo(UserVectors.Data);
        snapshot.Bias.CopyTo(Bias.AsSpan());
        snapshot.FeatureContext.CopyTo(FeatureContext.Data);
        snapshot.FeatureTracks.CopyTo(FeatureTracks.Data);
        snapshot.FeatureBias.CopyTo(FeatureBias.AsSpan());
        snapshot.PairBias.CopyTo(PairBias.AsSpan());
        GlobalBias = snapshot.GlobalBias;
    }

    /// <summary>
    /// An AdaGrad accumulator starting at <see cref="AdaGrad.InitialAccumulator"/>, not 0: from 0 the first
    /// step moves every coordinate by the full learning rate whatever the gradient's size, and with
    /// 64 coordinates and rows shared by many examples (genres) that first jolt made training diverge.
    /// </summary>
    private static float[] Accumulator(int length)
    {
        var values = new float[length];
        Array.Fill(values, AdaGrad.InitialAccumulator);
        return values;
    }

    private static EmbeddingTable Table(int rows, int dimension, Random random, float scale)
    {
        var table = EmbeddingTable.Zeros(rows, dimension);
        ClusteredVectors.FillGaussian(random, table.Data, scale);
        return table;
    }
}
