namespace Botify.Api.IndexClient;

/// <summary>
/// A search refused at once because <see cref="IndexClientOptions.MaxQueuedSearches"/> searches already wait for
/// an index call: the index is busy, not sick, so neither the retry nor the circuit breaker sees it, and the
/// caller answers from the candidate cache or the fallback (reason <c>index-busy</c>) without waiting.
/// </summary>
internal sealed class IndexBusyException(int queued)
    : Exception($"the index client's queue is full ({queued} searches wait for an index call; Index:MaxQueuedSearches)")
{
}
