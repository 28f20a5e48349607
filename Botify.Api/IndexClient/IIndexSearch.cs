using Botify.Api.Sources;

namespace Botify.Api.IndexClient;

/// <summary>
/// Top-k search in the index service. Never throws for the index's faults: a slow, down or cold
/// index gives a <see cref="CandidateResult"/> with a failure reason, and the caller falls back.
/// </summary>
internal interface IIndexSearch
{
    ValueTask<CandidateResult> SearchAsync(IndexQuery query, CancellationToken cancellationToken);

    /// <summary>The version of the model the index serves; empty when none is loaded. Throws when the index does not answer.</summary>
    Task<string> ModelVersionAsync(CancellationToken cancellationToken);
}
