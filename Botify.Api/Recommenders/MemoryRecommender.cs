using Botify.Api.Memory;

namespace Botify.Api.Recommenders;

/// <summary>
/// The listener's memory first, then the session's taste (docs/serving.md#memory): when the current session
/// matches past sessions of this listener (<see cref="MemoryRecall"/>), their well-heard tracks are served
/// with source <c>memory</c> and no index call. With no match by shared tracks, the session's taste asks the
/// index, and its neighbours may match a past session (the model's vectors): then memory serves that call too.
/// Once the matched sessions have nothing left to serve, the index is asked for the session's taste with their
/// liked tracks in it.
/// </summary>
internal sealed class MemoryRecommender(SessionRecommender session, IListenerMemory memory, double threshold) : ICandidateSource
{
    /// <summary>Source written for a track served from the listener's memory.</summary>
    public const string MemorySource = "memory";

    public string Name => session.Name;

    public bool ReadsSession => true;

    public async ValueTask<CandidateResult> GetAsync(CandidateRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Plays is not { } plays)
        {
            return await session.GetAsync(request, cancellationToken).ConfigureAwait(false);
        }

        var past = await memory.ReadAsync(request.User, cancellationToken).ConfigureAwait(false);
        if (past.Count == 0)
        {
            return await session.GetAsync(request, cancellationToken).ConfigureAwait(false);
        }

        var recall = MemoryRecall.Match(plays, past, threshold, []);
        if (!request.SkipMemory && recall.Candidates(request.Exclude, request.K) is { Length: > 0 } recalled)
        {
            return new CandidateResult(recalled, Source: MemorySource);
        }

        var taste = recall.WithRecalledTaste(plays, SessionRecommender.MaxTracks);
        var searched = await session.GetAsync(taste is null ? request : request with { Plays = taste }, cancellationToken).ConfigureAwait(false);
        if (recall.Matched == 0 && !request.SkipMemory && searched.Candidates.Count > 0)
        {
            recall = MemoryRecall.Match(plays, past, threshold, searched.Candidates);
            if (recall.Candidates(request.Exclude, request.K) is { Length: > 0 } hinted)
            {
                return new CandidateResult(hinted, ModelVersion: searched.ModelVersion, Source: MemorySource);
            }
        }

        return searched;
    }
}
