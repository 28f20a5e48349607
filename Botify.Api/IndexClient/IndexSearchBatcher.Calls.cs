using System.Diagnostics;
using System.Globalization;
using System.Runtime.ExceptionServices;
using Botify.Api.Sources;
using Botify.Protos.V1;
using Grpc.Core;
using Polly.CircuitBreaker;

namespace Botify.Api.IndexClient;

/// <summary>The batcher's calls to the index: a <c>SearchBatch</c> for several searches, or a lone <c>Search</c>.</summary>
internal sealed partial class IndexSearchBatcher
{
    /// <summary>One <c>SearchBatch</c> call for <paramref name="batch"/>; completes every search in it and never throws.</summary>
    private async Task SendAsync(List<PendingSearch> batch)
    {
        // A batch of one belongs to its caller's trace (the call's traceparent header says so); a batch of
        // several to none of them, so each query carries its own caller's span and the index parents its
        // Search span there. With no tracer listening, no search has a parent and nothing is added.
        var alone = batch.Count == 1;
        Activity.Current = alone ? batch[0].Parent : null;
        Interlocked.Increment(ref _batches);
        Interlocked.Add(ref _batchedSearches, batch.Count);
        var request = new SearchBatchRequest();
        foreach (var pending in batch)
        {
            if (!alone && pending.Parent is { IdFormat: ActivityIdFormat.W3C, Id: { } traceparent })
            {
                pending.Request.Traceparent = traceparent;
            }

            request.Queries.Add(pending.Request);
        }

        try
        {
            if (BatchUnsupported())
            {
                foreach (var pending in batch)
                {
                    _ = ForwardAloneAsync(pending);
                }

                return;
            }

            var reply = await _breaker.ExecuteAsync(
                static (state, token) =>
                {
                    var options = new CallOptions(deadline: state.Self.Deadline(), cancellationToken: token);
                    return new ValueTask<SearchBatchAnswer[]>(state.Self._invoker.AsyncUnaryCall(SearchBatchReplyReader.Method, host: null, options, state.Request).ResponseAsync);
                },
                (Self: this, Request: request),
                _disposed.Token).ConfigureAwait(false);
            if (reply.Length != batch.Count)
            {
                var wrong = new Status(StatusCode.Internal, string.Create(CultureInfo.InvariantCulture, $"the index answered SearchBatch with {reply.Length} results for {batch.Count} queries"));
                foreach (var pending in batch)
                {
                    pending.Fail(new RpcException(wrong));
                }

                return;
            }

            for (var i = 0; i < batch.Count; i++)
            {
                var result = reply[i];
                if (result.Status != (int)StatusCode.OK)
                {
                    batch[i].Fail(new RpcException(new Status((StatusCode)result.Status, result.Message)));
                }
                else if (result.Tracks != result.Scores)
                {
                    batch[i].Fail(new RpcException(new Status(StatusCode.Internal, string.Create(CultureInfo.InvariantCulture, $"the index answered query {i} of a SearchBatch with {result.Tracks} tracks but {result.Scores} scores"))));
                }
                else
                {
                    batch[i].Complete(new IndexAnswer(result.Candidates, result.ModelVersion));
                }
            }
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.Unimplemented)
        {
            // An index older than SearchBatch: ask it one query at a time for a while, then probe again.
            Interlocked.Exchange(ref _batchUnsupportedUntil, _time.GetTimestamp() + (long)(_reprobeInterval.TotalSeconds * _time.TimestampFrequency));
            foreach (var pending in batch)
            {
                _ = ForwardAloneAsync(pending);
            }
        }
        catch (Exception e)
        {
            foreach (var pending in batch)
            {
                // One exception object per search: each is thrown and retried on its own.
                pending.Fail(e switch
                {
                    RpcException rpc => new RpcException(rpc.Status, rpc.Trailers, rpc.Message),
                    BrokenCircuitException open => new BrokenCircuitException(open.Message),
                    _ => e,
                });
            }
        }
    }

    private async Task ForwardAloneAsync(PendingSearch pending)
    {
        try
        {
            pending.Complete(await SearchAloneAsync(pending.Request, pending.CancellationToken).ConfigureAwait(false));
        }
        catch (Exception e)
        {
            pending.Fail(e);
        }
    }

    private async Task<IndexAnswer> SearchAloneAsync(SearchRequest request, CancellationToken cancellationToken)
    {
        SearchReply reply;
        try
        {
            reply = await _breaker.ExecuteAsync(
                static (state, token) => state.Self.CallAloneAsync(state.Request, token),
                (Self: this, Request: request),
                cancellationToken).ConfigureAwait(false);
        }
        catch (IndexCallDeadlineException e)
        {
            // Counted by the breaker; the caller sees its own cancellation.
            ExceptionDispatchInfo.Throw(e.InnerException!);
            throw;
        }

        var candidates = new Candidate[reply.Hits.Count];
        for (var i = 0; i < candidates.Length; i++)
        {
            candidates[i] = new Candidate(reply.Hits[i].Track, reply.Hits[i].Score);
        }

        return new IndexAnswer(candidates, reply.ModelVersion);
    }

    /// <summary>One <c>Search</c> call; a cancellation that comes once the call has run its deadline is the index's slowness.</summary>
    private async ValueTask<SearchReply> CallAloneAsync(SearchRequest request, CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        try
        {
            return await _client.SearchAsync(request, deadline: Deadline(), cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (cancellationToken.IsCancellationRequested && _time.GetElapsedTime(started) >= _callTimeout)
        {
            throw new IndexCallDeadlineException(e);
        }
    }
}
