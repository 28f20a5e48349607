using System.Globalization;

namespace Botify.Lab.Loop;

/// <summary>
/// How an A/B day's services were warmed: searches the index answered, calls the API answered and
/// how many of the judged model arms' answers still came from the fallback in the last rounds.
/// </summary>
/// <param name="Completed">False when the time limit passed first; the day then ran anyway.</param>
/// <param name="Elapsed">Time the warm-up took.</param>
/// <param name="IndexSearches">Searches the index answered from the model.</param>
/// <param name="ColdTracks">Searches the index refused because the track is cold in the model (NOT_FOUND); not failures.</param>
/// <param name="ApiCalls"><c>Next</c> calls sent through the API.</param>
/// <param name="ApiFallbacks">Of those, judged model arms' answers that came from the fallback, and failed calls.</param>
public sealed record WarmUpResult(bool Completed, TimeSpan Elapsed, int IndexSearches, int ColdTracks, int ApiCalls, int ApiFallbacks)
{
    /// <summary>The warm-up in one line, for the report.</summary>
    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"{(Completed ? "warm" : "warm-up TIMED OUT")} after {Elapsed.TotalSeconds:F1} s: index answered {IndexSearches} searches ({ColdTracks} cold tracks refused), API {ApiCalls} calls ({ApiFallbacks} model answers from the fallback)");
}
