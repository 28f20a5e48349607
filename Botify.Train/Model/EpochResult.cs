namespace Botify.Train.Model;

/// <summary>Figures of one epoch.</summary>
/// <param name="Epoch">1-based epoch number.</param>
/// <param name="TrainRmse">Root mean squared error over the epoch's updates (negatives included).</param>
/// <param name="ValidationRmse">RMSE on held-out sessions after the epoch (NaN without a hold-out).</param>
/// <param name="ExamplesPerSecond">Updates per second of wall time.</param>
/// <param name="Seconds">Wall time of the epoch.</param>
/// <param name="TrainPairLoss">Mean co-listening ranking loss per pair over the epoch (NaN with co-listening off).</param>
/// <param name="ValidationPairLoss">Mean ranking loss of the held-out sessions' pairs after the epoch (NaN without them).</param>
public sealed record EpochResult(int Epoch, double TrainRmse, double ValidationRmse, double ExamplesPerSecond, double Seconds,
    double TrainPairLoss = double.NaN, double ValidationPairLoss = double.NaN);
