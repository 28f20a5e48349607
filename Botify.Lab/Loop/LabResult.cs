using Botify.Lab.Analysis;
using Botify.Protos.V1;
using Botify.Train.Output;

namespace Botify.Lab.Loop;

/// <summary>What the main job produced: where, the days' traffic, the training, the served model and the report.</summary>
public sealed record LabResult(
    string RunFolder,
    int Tracks,
    int Listeners,
    DayResult Day1,
    TrainingReport Training,
    IndexInfo Served,
    DayResult Day2,
    ExperimentReport Report);
