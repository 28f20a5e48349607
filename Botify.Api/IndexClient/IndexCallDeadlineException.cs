namespace Botify.Api.IndexClient;

/// <summary>
/// A lone <c>Search</c> call cancelled by its caller only once it had run its whole deadline: the index was
/// too slow, as with DEADLINE_EXCEEDED, so the call breaker counts it. It never leaves the batcher: the
/// caller sees its own cancellation (the inner exception).
/// </summary>
internal sealed class IndexCallDeadlineException(OperationCanceledException cancelled)
    : Exception("the index call ran past its deadline", cancelled)
{
}
