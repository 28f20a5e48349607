using System.Globalization;

namespace Botify.Train.Model;

/// <summary>How many tracks got their context vector each way; they add up to the catalog.</summary>
/// <param name="Trained">Tracks that were a context in training.</param>
/// <param name="FromFeatures">Tracks never a context whose artist or a genre was.</param>
/// <param name="FromCoPlay">Tracks with neither, given the contexts of the tracks they were played with.</param>
/// <param name="FromMean">Tracks never played and with no known feature, given the mean context vector.</param>
public sealed record ContextSourceCounts(int Trained, int FromFeatures, int FromCoPlay, int FromMean)
{
    /// <summary>Every track counted.</summary>
    public int Total => Trained + FromFeatures + FromCoPlay + FromMean;

    /// <summary>Counts each track's source; a track still without one is not counted.</summary>
    public static ContextSourceCounts Of(ReadOnlySpan<ContextSource> sources)
    {
        Span<int> counts = stackalloc int[(int)ContextSource.Mean + 1];
        foreach (var source in sources)
        {
            counts[(int)source]++;
        }

        return new ContextSourceCounts(counts[(int)ContextSource.Trained], counts[(int)ContextSource.Features], counts[(int)ContextSource.CoPlay], counts[(int)ContextSource.Mean]);
    }

    /// <summary>Writes the counts as the manifest's <c>context_*</c> metrics.</summary>
    public void WriteTo(IDictionary<string, double> metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        metrics["context_trained"] = Trained;
        metrics["context_from_features"] = FromFeatures;
        metrics["context_from_coplay"] = FromCoPlay;
        metrics["context_from_mean"] = FromMean;
    }

    /// <summary>One line for the training report: each way's count.</summary>
    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"context vectors: {Trained:N0} trained, {FromFeatures:N0} from artist or genres, {FromCoPlay:N0} from co-play, {FromMean:N0} from the mean");
}
