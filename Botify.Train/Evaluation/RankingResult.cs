namespace Botify.Train.Evaluation;

/// <summary>NDCG@k of held-out sessions for the model and two baselines.</summary>
public sealed record RankingResult(int K, int Sessions, double ModelNdcg, double PopularityNdcg, double RandomNdcg);
