using Botify.Api.Memory;
using Botify.Shared.Catalog;

namespace Botify.Api.Sources;

/// <summary>
/// The listener's memory first, then the session's taste (docs/serving.md#memory): when the current session
/// matches past sessions of this listener (<see cref="MemoryRecall"/>), their well-heard tracks are served
/// with source <c>memory</c> and no index call. With no match by shared tracks, the session's taste asks the
/// index, and its neighbours may match a past session (the model's vectors): then memory serves that call too.
/// Once the matched sessions have nothing left to serve, the index is asked for the session's taste with their
/// liked tracks in it.
/// </summary>
internal sealed class MemorySource(SessionTasteSource session, IListenerMemory memory, TrackCatalog catalog, double threshold) : ICandidateSource
{
    /// <summary>Source written for a track served from the listener's memory.</summary>
    public const string RecalledName = "memory";

    public string Name => session.Name;

    public int PlaysRead => session.PlaysRead;

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

        var recall = MemoryRecall.Match(plays, past, threshold, [], catalog);
        if (!request.SkipMemory && recall.Candidates(request.Exclude, request.K) is { Length: > 0 } recalled)
        {
            return new CandidateResult(recalled, Source: RecalledName, InOrder: true);
        }

        var searched = await session.GetAsync(Recalled(request, plays, recall), cancellationToken).ConfigureAwait(false);
        if (recall.Matched == 0 && !request.SkipMemory && searched.Candidates.Count > 0)
        {
            recall = MemoryRecall.Match(plays, past, threshold, searched.Candidates, catalog);
            if (recall.Candidates(request.Exclude, request.K) is { Length: > 0 } hinted)
            {
                return new CandidateResult(hinted, ModelVersion: searched.ModelVersion, Source: RecalledName, InOrder: true);
            }
        }

        return searched;
    }

    /// <summary>The index's question once memory has nothing left: the taste with the matched sessions' liked tracks in it, and their dislikes held back.</summary>
    private CandidateRequest Recalled(CandidateRequest request, Sessions.SessionPlays plays, MemoryRecall recall)
    {
        if (recall.Matched == 0)
        {
            return request;
        }

        var disliked = recall.Disliked();
        var exclude = disliked.Count == 0 ? request.Exclude : [.. request.Exclude, .. disliked.Except(request.Exclude)];
        return request with { Plays = recall.WithRecalledTaste(plays, session.PlaysRead) ?? plays, Exclude = exclude };
    }
}
