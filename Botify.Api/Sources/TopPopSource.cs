namespace Botify.Api.Sources;

/// <summary>The k most heard tracks not excluded (the first fallback).</summary>
internal sealed class TopPopSource(TrackPopularity popularity) : ICandidateSource
{
    public string Name => "top-pop";

    public ValueTask<CandidateResult> GetAsync(CandidateRequest request, CancellationToken cancellationToken) =>
        ValueTask.FromResult(new CandidateResult(Select(request.K, request.Exclude)));

    /// <summary>The k most heard tracks outside <paramref name="exclude"/>, best first.</summary>
    public List<Candidate> Select(int k, IReadOnlyCollection<int> exclude)
    {
        var top = popularity.Top();
        var excluded = exclude as IReadOnlySet<int> ?? exclude.ToHashSet();
        var picked = new List<Candidate>(Math.Min(k, top.Count));
        foreach (var candidate in top)
        {
            if (picked.Count >= k)
            {
                break;
            }

            if (!excluded.Contains(candidate.Track))
            {
                picked.Add(candidate);
            }
        }

        return picked;
    }
}
