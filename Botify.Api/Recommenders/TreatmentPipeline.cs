using System.Buffers;
using Botify.Api.Experiments;
using Botify.Api.Fatigue;
using Botify.Api.Resilience;
using Botify.Api.Sessions;
using Botify.Shared.Catalog;

namespace Botify.Api.Recommenders;

/// <summary>
/// One treatment: the session update (fatigue steps 1–4), the candidate source, the filters, the
/// one retry with a larger k, the pick rule and the fallback (steps 5–6). Built once per treatment;
/// all per-listener state lives in the <see cref="ISessionStore"/>.
/// </summary>
internal sealed class TreatmentPipeline(
    TreatmentOptions treatment,
    ICandidateSource source,
    ISessionStore sessions,
    TrackCatalog catalog,
    FallbackChain fallback,
    Random random)
{
    private readonly Func<int, int> _artistOf = catalog.ArtistOf;

    public TreatmentOptions Treatment => treatment;

    public ICandidateSource Source => source;

    public async ValueTask<Recommendation> NextAsync(int user, int track, double time, CancellationToken cancellationToken)
    {
        var rules = treatment.Fatigue;
        var view = await sessions.UpdateAsync(
            user,
            rules?.TracksTimeout ?? 0,
            rules?.ArtistsTimeout ?? 0,
            session => FatigueRules.Apply(session, track, time, rules, _artistOf),
            cancellationToken).ConfigureAwait(false);

        var result = await source.GetAsync(new CandidateRequest(user, view.Context, treatment.K, view.ExcludedTracks()), cancellationToken).ConfigureAwait(false);
        if (TryPick(result, view, out var picked))
        {
            return new Recommendation(picked.Track, source.Name);
        }

        if (!result.IsFailure && rules is not null && treatment.RetryK > treatment.K)
        {
            // 6. Nothing left after the filters: search once more, wider.
            result = await source.GetAsync(new CandidateRequest(user, view.Context, treatment.RetryK, view.ExcludedTracks()), cancellationToken).ConfigureAwait(false);
            if (TryPick(result, view, out picked))
            {
                return new Recommendation(picked.Track, source.Name);
            }
        }

        return fallback.Recommend(view, result.FailureReason ?? FallbackReasons.Exhausted);
    }

    /// <summary>Picks among the candidates the session allows; false when it allows none. The allowed ones are gathered in a pooled buffer.</summary>
    private bool TryPick(CandidateResult result, SessionView view, out Candidate picked)
    {
        var candidates = result.Candidates;
        var allowed = ArrayPool<Candidate>.Shared.Rent(Math.Max(1, candidates.Count));
        try
        {
            var count = 0;
            for (var i = 0; i < candidates.Count; i++)
            {
                var candidate = candidates[i];
                // The index may know tracks the catalog does not (a model trained on another catalog).
                if (catalog.Contains(candidate.Track) && view.Allows(candidate.Track, catalog.ArtistOf(candidate.Track)))
                {
                    allowed[count++] = candidate;
                }
            }

            picked = count > 0 ? CandidatePicker.Pick(allowed.AsSpan(0, count), treatment.Pick, random) : default;
            return count > 0;
        }
        finally
        {
            ArrayPool<Candidate>.Shared.Return(allowed);
        }
    }
}
