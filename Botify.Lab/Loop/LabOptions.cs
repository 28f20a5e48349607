namespace Botify.Lab.Loop;

/// <summary>Settings of the main job; each documents its default.</summary>
public sealed record LabOptions
{
    /// <summary>Tracks of the generated world. Default 50,000.</summary>
    public int Tracks { get; init; } = 50_000;

    /// <summary>Listeners of the generated world. Default 10,000.</summary>
    public int Listeners { get; init; } = 10_000;

    /// <summary>Seed of the world and of both days' sessions. Default 1.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Load this world folder instead of generating one.</summary>
    public string? WorldPath { get; init; }

    /// <summary>Sessions of day 1 (cold start). Default 20,000.</summary>
    public int Day1Episodes { get; init; } = 20_000;

    /// <summary>Sessions of day 2 (the A/B experiment). Default 30,000.</summary>
    public int Day2Episodes { get; init; } = 30_000;

    /// <summary>Sessions the oracle and random references play in-process. Default 10,000.</summary>
    public int ReferenceEpisodes { get; init; } = 10_000;

    /// <summary>Concurrent sessions the simulator drives against the API. Default 32.</summary>
    public int Concurrency { get; init; } = 32;

    /// <summary>Embedding dimension of the trained model. Default 32.</summary>
    public int Dimension { get; init; } = 32;

    /// <summary>Most training epochs. Default 10.</summary>
    public int Epochs { get; init; } = 10;

    /// <summary>Name of the day-2 experiment. Default AB.</summary>
    public string Experiment { get; init; } = "AB";

    /// <summary>The day-2 arms; the first is control. Default <see cref="Arm.Standard"/>.</summary>
    public IReadOnlyList<Arm> Arms { get; init; } = Arm.Standard;

    /// <summary>Folder for the world, logs, model and report. Default runs/&lt;UTC time&gt;.</summary>
    public string RunFolder { get; init; } = Path.Combine("runs", TimeProvider.System.GetUtcNow().ToString("yyyyMMdd-HHmmss", System.Globalization.CultureInfo.InvariantCulture));
}
