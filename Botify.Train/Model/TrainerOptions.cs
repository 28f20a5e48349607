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
    /// L2 regularisation per update on the rows an example touches. Default 0.02, range [0, 1]: on logs
    /// from listeners with known tastes (the trainer's tests) 0.02 ranked the truly best tracks about
    /// 2.5x better than 0.002, which overfits the few examples each context has.
    /// </summary>
    public float L2 { get; init; } = 0.02f;

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

    /// <summary>Throws naming the first setting out of range.</summary>
    public void Validate()
    {
        Check(Dimension is >= 1 and <= 1024, nameof(Dimension), Dimension, "1..1024");
        Check(Epochs is >= 1 and <= 1000, nameof(Epochs), Epochs, "1..1000");
        Check(LearningRate is > 0 and <= 10, nameof(LearningRate), LearningRate, "(0, 10]");
        Check(L2 is >= 0 and <= 1, nameof(L2), L2, "[0, 1]");
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
