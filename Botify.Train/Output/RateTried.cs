namespace Botify.Train.Output;

/// <summary>One learning rate a training tried, and how its model ranked the held-out liked pairs (AUC).</summary>
public sealed record RateTried(float Rate, double PairAuc);
