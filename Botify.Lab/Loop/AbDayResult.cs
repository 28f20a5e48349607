using Botify.Lab.Analysis;

namespace Botify.Lab.Loop;

/// <summary>One A/B day: its seed, traffic, warm-up and analysis (without references).</summary>
public sealed record AbDayResult(int Day, long Seed, DayResult Traffic, WarmUpResult WarmUp, ExperimentReport Report)
{
    /// <summary>The same day replayed with the index serving the true vectors (<see cref="TruthReplay.EveryDay"/>), or null.</summary>
    public ExperimentReport? Truth { get; init; }
}
