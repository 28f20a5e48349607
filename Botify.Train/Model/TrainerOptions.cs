using Botify.Train.Examples;

namespace Botify.Train.Model;

/// <summary>Settings of a training run; each documents its default and range.</summary>
public sealed record TrainerOptions
{
    /// <summary>Embedding dimension d. Default 64, range 1..1024.</summary>
    public int Dimension { get; init; } = 64;

    /// <summary>Most epochs; early stopping may end sooner. Default 10, range 1..1000.</summary>
    public int Epochs { get; init; } = 10;

    /// <summary>AdaGrad learning rate. Default 0.1, range (0, 10].</summary>
    public float LearningRate { get; init; } = 0.1f;

    /// <summary>
    /// AdaGrad learning rate of the biases (per track, per feature, and the pair bias that learns a track's reach);
    /// range (0, 10]. Default (null): <see cref="LearningRate"/>. At 0.002 the learned neighbours came closer to the
    /// true ones, but every arm served worse: a track's reach is what the listener's share rewards
    /// (docs/training.md#the-learning-rates).
    /// </summary>
    public float? BiasLearningRate { get; init; }

    /// <summary>The bias learning rate in force: <see cref="BiasLearningRate"/>, or <see cref="LearningRate"/>.</summary>
    public float BiasRate => BiasLearningRate ?? LearningRate;

    /// <summary>
    /// Train once per rate of <see cref="CandidateRates"/> and keep the model that ranks the held-out liked pairs
    /// best (pair AUC); needs held-out pairs. Default false: on the default world it kept 0.005, which sharpened
    /// the geometry but served the main job's memory arm worse (docs/training.md#the-learning-rates).
    /// </summary>
    public bool ChooseLearningRate { get; init; }

    /// <summary>The rates <see cref="ChooseLearningRate"/> chooses from (each is one full training).</summary>
    public static IReadOnlyList<float> CandidateRates { get; } = [0.1f, 0.005f];

    /// <summary>
    /// L2 regularisation per update on the per-track and listener rows an example touches; range [0, 1].
    /// Default (null): 0.02 without catalog features, where the per-track rows are the whole model and a
    /// lighter L2 overfits; 0.1 with them, where they are residuals on a few examples each
    /// (docs/training.md#1-the-regression-how-much-of-a-track-is-heard, CHANGELOG).
    /// </summary>
    public float? L2 { get; init; }

    /// <summary>The per-track L2 in force: <see cref="L2"/>, or its default for a model with or without features.</summary>
    public float TrackL2(bool withFeatures) => L2 ?? (withFeatures ? 0.1f : 0.02f);

    /// <summary>
    /// L2 per update on the catalog feature rows (artists, genres). Default 0.0001, range [0, 1]. A genre
    /// row is updated by a large share of all examples, so the per-track L2 applied that often would
    /// pin it near zero and leave scores to the biases; its own, much smaller weight lets the
    /// genre-to-genre affinities that a day of random traffic does show come through.
    /// </summary>
    public float FeatureL2 { get; init; } = 0.0001f;

    /// <summary>Random tracks per example taught as heard for 0 (negative sampling). Default 0, range 0..100.</summary>
    public int Negatives { get; init; }

    /// <summary>Which track is the context. Default the session's first track.</summary>
    public ContextChoice Context { get; init; } = ContextChoice.First;

    /// <summary>Share of sessions held out for validation and early stopping. Default 0.1, range [0, 0.5].</summary>
    public double ValidationShare { get; init; } = 0.1;

    /// <summary>Epochs without a better validation error before stopping. Default 2, range 1..100.</summary>
    public int Patience { get; init; } = 2;

    /// <summary>Threads; 0 = all cores. Several threads update shared rows without locks (Hogwild). Default 0.</summary>
    public int Threads { get; init; }

    /// <summary>Seed of initialisation, split and shuffles; with one thread the same seed gives the same model. Default 1.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Standard deviation of the initial embedding values. Default 0.1 / sqrt(d).</summary>
    public float? InitialScale { get; init; }

    /// <summary>The co-listening stream and its ranking loss. Default on, with the defaults of <see cref="CoListeningSettings"/>.</summary>
    public CoListeningSettings CoListening { get; init; } = new();

    /// <summary>Throws naming the first setting out of range.</summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(CoListening);
        CoListening.Validate();
        Check(Dimension is >= 1 and <= 1024, nameof(Dimension), Dimension, "1..1024");
        Check(Epochs is >= 1 and <= 1000, nameof(Epochs), Epochs, "1..1000");
        Check(LearningRate is > 0 and <= 10, nameof(LearningRate), LearningRate, "(0, 10]");
        Check(BiasLearningRate is null or (> 0 and <= 10), nameof(BiasLearningRate), BiasLearningRate ?? 0, "(0, 10]");
        Check(L2 is null or (>= 0 and <= 1), nameof(L2), L2 ?? 0, "[0, 1]");
        Check(FeatureL2 is >= 0 and <= 1, nameof(FeatureL2), FeatureL2, "[0, 1]");
        Check(Negatives is >= 0 and <= 100, nameof(Negatives), Negatives, "0..100");
        Check(ValidationShare is >= 0 and <= 0.5, nameof(ValidationShare), ValidationShare, "[0, 0.5]");
        Check(Patience is >= 1 and <= 100, nameof(Patience), Patience, "1..100");
        Check(Threads >= 0, nameof(Threads), Threads, "0 (all cores) or more");
    }

    private static void Check(bool valid, string name, object value, string range)
    {
        if (!valid)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be in {range}");
        }
    }
}
