using Botify.Train.Evaluation;
using Botify.Train.Examples;
using Botify.Train.Model;

namespace Botify.Train.Output;

/// <summary>Everything a training run measured; printed by the tool and stored in the bundle's manifest.</summary>
public sealed record TrainingReport(
    LogReadReport Log,
    int Sessions,
    int TrainExamples,
    int ValidationExamples,
    int CoListeningPairs,
    IReadOnlyList<EpochResult> Epochs,
    double ValidationRmse,
    double GlobalAverageRmse,
    double RandomRmse,
    RankingResult Ranking,
    string ModelVersion,
    string BundlePath,
    ContextSourceCounts Contexts,
    int ColdUsers,
    string? LearningCurvePath,
    string? CourseExportPath)
{
    /// <summary>AUC of the held-out sessions' liked pairs against random tracks (<see cref="Evaluation.PairAuc"/>); NaN without co-listening.</summary>
    public double PairAuc { get; init; } = double.NaN;

    /// <summary>Each learning rate trained and its held-out pair AUC, when the rate was chosen (docs/training.md#the-learning-rates); empty when it was given.</summary>
    public IReadOnlyList<RateTried> RatesTried { get; init; } = [];
}
