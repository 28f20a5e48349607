using System.Buffers;
using Botify.Api.Experiments;
using Botify.Api.Fatigue;
using Botify.Api.IndexClient;
using Botify.Api.Sessions;
using Botify.Api.Sources;
using Botify.Shared.Catalog;

namespace Botify.Api.Core;

/// <summary>
/// One treatment: the session update (fatigue steps 1–4), the exploration share, the candidate
/// source, the filters, the one retry with a larger k, the pick rule and the fallback (steps 5–6).
/// Built once per treatment; all per-listener state lives in the <see cref="ISessionStore"/>.
/// </summary>
internal sealed class TreatmentPipeline(
    TreatmentOptions treatment,
    ICandidateSource source,
    ISessionStore sessions,
    TrackCatalog catalog,
    FallbackChain fallback,
    Random random)
{
    /// <summary>Source written for a track served by the exploration share.</summary>
    public const string ExploreName = "explore:random";

    /// <summary>Draws tried for an unplayed track before exploring gives way to the treatment's source.</summary>
    private const int ExploreTries = 32;

    private readonly Func<int, int> _artistOf = catalog.ArtistOf;

    // A source that reads the session's plays never proposes a played track, fatigue layer or not.
    private readonly int _playsRead = source.PlaysRead;

    public async ValueTask<Recommendation> NextAsync(int user, int track, double time, CancellationToken cancellationToken)
    {
        var rules = treatment.Fatigue;
        var update = await sessions.UpdateAsync(
            user,
            session =>
            {
                var view = FatigueRules.Apply(session, track, time, rules, _artistOf, excludePlayed: _playsRead > 0);
                return (view, _playsRead > 0 ? session.RecentPlays(track, _playsRead) : null);
            },
            cancellationToken).ConfigureAwait(false);
        var (view, plays) = update.Value;
        var sessionLess = update.SessionLessReason;

        // Drawn only when the share is set, so a seeded run without exploration draws as it always did.
        if (treatment.Explore > 0 && random.NextDouble() < treatment.Explore && TryExplore(view, out var explored))
        {
            return Served(explored, ExploreName);
        }

        var request = new CandidateRequest(user, view.Context, treatment.K, view.ExcludedTracks(), plays);
        var result = await source.GetAsync(request, cancellationToken).ConfigureAwait(false);
        if (TryPick(result, view, out var picked))
        {
            return Served(picked.Track, result.Source ?? source.Name);
        }

        if (result.Source is not null)
        {
            // The source's first choice (the listener's memory) left nothing the session allows: its own answer without it.
            request = request with { SkipMemory = true };
            result = await source.GetAsync(request, cancellationToken).ConfigureAwait(false);
            if (TryPick(result, view, out picked))
            {
                return Served(picked.Track, result.Source ?? source.Name);
            }
        }

        if (!result.IsFailure && view.ApplyFilters && treatment.RetryK > treatment.K)
        {
            // 6. Nothing left after the filters: search once more, wider.
            result = await source.GetAsync(request with { K = treatment.RetryK }, cancellationToken).ConfigureAwait(false);
            if (TryPick(result, view, out picked))
            {
                return Served(picked.Track, result.Source ?? source.Name);
            }
        }

        var fellBack = fallback.Recommend(view, result.FailureReason ?? FallbackReasons.Exhausted);
        return sessionLess is null ? fellBack : fellBack with { SessionLessReason = sessionLess };

        Recommendation Served(int served, string by) => new(served, by) { SessionLessReason = sessionLess };
    }

    /// <summary>A uniformly random catalog track not played this session; false when a few draws find none (a nearly exhausted catalog).</summary>
    private bool TryExplore(SessionView view, out int track)
    {
        for (var i = 0; i < ExploreTries; i++)
        {
            track = random.Next(catalog.Count);
            if (!view.HasPlayed(track))
            {
                return true;
            }
        }

        track = -1;
        return false;
    }

    /// <summary>
    /// Picks among the candidates the session allows — by artists not played this session first, when
    /// <see cref="TreatmentOptions.FreshArtists"/> asks and any remain — and among the first
    /// <see cref="TreatmentOptions.PickTop"/> of them; false when the session allows none. The allowed
    /// ones are gathered in a pooled buffer.
    /// </summary>
    private bool TryPick(CandidateResult result, SessionView view, out Candidate picked)
    {
        var candidates = result.Candidates;
        var allowed = ArrayPool<Candidate>.Shared.Rent(Math.Max(1, candidates.Count));
        try
        {
            Span<int> playedArtists = treatment.FreshArtists ? PlayedArtists(view, stackalloc int[Math.Min(view.Played.Count, 256)]) : [];
            var count = Gather(candidates, view, allowed, playedArtists, freshOnly: treatment.FreshArtists);
            if (count == 0 && treatment.FreshArtists)
            {
                count = Gather(candidates, view, allowed, playedArtists, freshOnly: false);
            }

            var pool = result.InOrder ? Math.Min(count, 1) : treatment.PickTop > 0 ? Math.Min(count, treatment.PickTop) : count;
            picked = pool > 0 ? CandidatePicker.Pick(allowed.AsSpan(0, pool), treatment.Pick, random) : default;
            return pool > 0;
        }
        finally
        {
            ArrayPool<Candidate>.Shared.Return(allowed);
        }
    }

    /// <summary>The candidates the session allows, in order, into <paramref name="allowed"/>; with <paramref name="freshOnly"/> only those by artists not in <paramref name="playedArtists"/>.</summary>
    private int Gather(IReadOnlyList<Candidate> candidates, SessionView view, Candidate[] allowed, ReadOnlySpan<int> playedArtists, bool freshOnly)
    {
        var count = 0;
        for (var i = 0; i < candidates.Count; i++)
        {
            var candidate = candidates[i];
            // The index may know tracks the catalog does not (a model trained on another catalog).
            if (!catalog.Contains(candidate.Track))
            {
                continue;
            }

            var artist = catalog.ArtistOf(candidate.Track);
            if (view.Allows(candidate.Track, artist) && (!freshOnly || playedArtists.BinarySearch(artist) < 0))
            {
                allowed[count++] = candidate;
            }
        }

        return count;
    }

    /// <summary>The artists of the session's played tracks, sorted, in <paramref name="buffer"/> (at most its length of them).</summary>
    private Span<int> PlayedArtists(SessionView view, Span<int> buffer)
    {
        var n = 0;
        foreach (var track in view.Played)
        {
            if (n == buffer.Length)
            {
                break;
            }

            buffer[n++] = catalog.ArtistOf(track);
        }

        buffer = buffer[..n];
        buffer.Sort();
        return buffer;
    }
}
