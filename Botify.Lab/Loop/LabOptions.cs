namespace Botify.Lab.Loop;

/// <summary>Settings of the main job; each documents its default.</summary>
public sealed record LabOptions
{
    /// <summary>Tracks of the generated world. Default 50,000.</summary>
    public int Tracks { get; init; } = 50_000;

    /// <summary>Listeners of the generated world. Default 10,000.</summary>
    public int Listeners { get; init; } = 10_000;

    /// <summary>Seed of the world; day d's sessions use seed + d. Default 1.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Load this world folder instead of generating one.</summary>
    public string? WorldPath { get; init; }

    /// <summary>Sessions of day 1 (cold start). Default 20,000.</summary>
    public int Day1Episodes { get; init; } = 20_000;

    /// <summary>
    /// Days of the run, day 1 (cold start) included: every later day retrains on all logs so far,
    /// reloads the index and runs the A/B experiment again. Default 4 (the listener memory grows day by day), at least 2.
    /// </summary>
    public int Days { get; init; } = 4;

    /// <summary>Sessions of each A/B day (day 2 onwards). Default 20,000.</summary>
    public int DayEpisodes { get; init; } = 20_000;

    /// <summary>Longest wait for the index and the API to answer from the model before an A/B day; the day then runs anyway and the report says so. Default 30 s.</summary>
    public TimeSpan WarmUpTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Most share of a model arm's <c>next</c> calls served by the fallback on any A/B day before the job fails. Default 0.01.</summary>
    public double FallbackLimit { get; init; } = 0.01;

    /// <summary>Sessions the oracle, neighbours and random references play in-process. Default 10,000.</summary>
    public int ReferenceEpisodes { get; init; } = 10_000;

    /// <summary>Concurrent sessions the simulator drives against the API. Default 32.</summary>
    public int Concurrency { get; init; } = 32;

    /// <summary>Embedding dimension of the trained model. Default 32.</summary>
    public int Dimension { get; init; } = 32;

    /// <summary>Most training epochs. Default 10.</summary>
    public int Epochs { get; init; } = 10;

    /// <summary>The trainer's settings each night; <see cref="Dimension"/>, <see cref="Epochs"/> and <see cref="Seed"/> override theirs. Default the trainer's defaults.</summary>
    public Train.Model.TrainerOptions Trainer { get; init; } = new();

    /// <summary>Name of the A/B experiment. Default AB.</summary>
    public string Experiment { get; init; } = "AB";

    /// <summary>The A/B arms; the first is control. Default <see cref="Arm.Standard"/>.</summary>
    public IReadOnlyList<Arm> Arms { get; init; } = Arm.Standard;

    /// <summary>Which arms also play on the world's true vectors, a reference row apart from the A/B days. Default <see cref="TruthReplay.BestArm"/>.</summary>
    public TruthReplay TruthReplay { get; init; } = TruthReplay.BestArm;

    /// <summary>Folder for the world, logs, model and report. Default runs/&lt;UTC time&gt;.</summary>
    public string RunFolder { get; init; } = Path.Combine("runs", TimeProvider.System.GetUtcNow().ToString("yyyyMMdd-HHmmss", System.Globalization.CultureInfo.InvariantCulture));
}

/// <summary>Which arms the main job also serves from the world's true vectors (docs/training.md, "The probe").</summary>
public enum TruthReplay
{
    /// <summary>None.</summary>
    None,

    /// <summary>The last day's best model arm, to every listener, for <see cref="LabOptions.ReferenceEpisodes"/> sessions: a reference row.</summary>
    BestArm,

    /// <summary>Every A/B day replayed whole (same seed, arms and assignment) on the true vectors: the probe's rows.</summary>
    EveryDay,
}
