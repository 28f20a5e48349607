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
        var allowed = Allowed(result, view);
        if (allowed.Count == 0 && !result.IsFailure && rules is not null && treatment.RetryK > treatment.K)
        {
            // 6. Nothing left after the filters: search once more, wider.
            result = await source.GetAsync(new CandidateRequest(user, view.Context, treatment.RetryK, view.ExcludedTracks()), cancellationToken).ConfigureAwait(false);
            allowed = Allowed(result, view);
        }

        if (allowed.Count > 0)
        {
            return new Recommendation(CandidatePicker.Pick(allowed, treatment.Pick, random).Track, source.Name);
        }

        return fallback.Recommend(view, result.FailureReason ?? FallbackReasons.Exhausted);
    }

    private List<Candidate> Allowed(CandidateResult result, SessionView view)
    {
        var allowed = new List<Candidate>(result.Candidates.Count);
        foreach (var candidate in result.Candidates)
        {
            // The index may know tracks the catalog does not (a model trained on another catalog).
            if (catalog.Contains(candidate.Track) && view.Allows(candidate.Track, catalog.ArtistOf(candidate.Track)))
            {
                allowed.Add(candidate);
            }
        }

        return allowed;
    }
}
