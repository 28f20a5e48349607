using Botify.Lab.Analysis;

namespace Botify.Lab.Loop;

/// <summary>
/// What the main job produced: where, day 1's traffic, each night's training and served model, each
/// A/B day, and the report (the last day's rows, the references, and every day in <see cref="ExperimentReport.Days"/>).
/// </summary>
public sealed record LabResult(
    string RunFolder,
    int Tracks,
    int Listeners,
    DayResult Day1,
    IReadOnlyList<NightResult> Nights,
    IReadOnlyList<AbDayResult> Days,
    ExperimentReport Report);
