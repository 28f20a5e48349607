namespace Botify.Train.Evaluation;

/// <summary>Recall@k of liked tracks in held-out sessions for the model and two baselines.</summary>
public sealed record RankingResult(int K, int Sessions, double ModelRecall, double PopularityRecall, double RandomRecall);
