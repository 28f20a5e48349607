namespace Botify.Train.Model;

/// <summary>The parameters of an <see cref="EmbeddingModel"/> at one moment (the best epoch so far).</summary>
public sealed record ModelSnapshot(
    float[] Context, float[] Tracks, float[] Users, float[] Bias, float GlobalBias, float[] FeatureContext, float[] FeatureTracks, float[] FeatureBias, float[] PairBias);
