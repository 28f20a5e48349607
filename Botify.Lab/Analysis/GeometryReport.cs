namespace Botify.Lab.Analysis;

/// <summary>
/// One night's learned geometry against the world's hidden truth, on a sample of tracks drawn once per
/// run: how many of each sampled track's true nearest neighbours the model's own nearest neighbours
/// find, and how good the model's neighbours are in truth. The truth only scores the model here; it
/// never feeds training or serving.
/// </summary>
/// <param name="Night">Night number: night n trained on days 1..n and served day n + 1.</param>
/// <param name="K">Neighbours compared per track.</param>
/// <param name="Sample">Sampled tracks measured.</param>
/// <param name="Recall">Mean share of a sampled track's true top-K (by &lt;true[q], true[x]&gt;) among its learned top-K (by &lt;c[q], t[x]&gt; + b[x], the score the index serves by).</param>
/// <param name="AffinityRatio">Mean true affinity &lt;true[q], true[x]&gt; of the learned top-K over that of the true top-K (1 = the learned neighbours are as good as the true ones).</param>
/// <param name="MinPlays">Plays in the night's training logs that make a sampled track count as heard.</param>
/// <param name="HeardSample">Sampled tracks heard at least <paramref name="MinPlays"/> times.</param>
/// <param name="HeardRecall"><paramref name="Recall"/> over the heard tracks only; NaN when none.</param>
/// <param name="HeardAffinityRatio"><paramref name="AffinityRatio"/> over the heard tracks only; NaN when none.</param>
public sealed record GeometryReport(
    int Night,
    int K,
    int Sample,
    double Recall,
    double AffinityRatio,
    int MinPlays,
    int HeardSample,
    double HeardRecall,
    double HeardAffinityRatio)
{
    /// <summary>Wall time of the measurement (loading the bundle, counting plays, scanning), in seconds.</summary>
    public double Seconds { get; init; }
}
