using System.Collections.Concurrent;
using Botify.Api.IndexClient;
using Botify.Api.Sources;
using Botify.Protos.V1;
using Grpc.Core;

namespace Botify.Api.Tests.IndexClient;

/// <summary>
/// Index calls without a server: each <c>SearchBatch</c> or <c>Search</c> waits for <see cref="Outcome"/>'s task
/// (throw from it to fail the whole call) and is then answered with empty hits, so a test decides exactly which
/// calls fail and when.
/// </summary>
internal sealed class ScriptedIndexCalls : CallInvoker
{
    /// <summary>The fate of a call, given the number of queries it carries; completes at once by default.</summary>
    public Func<int, CancellationToken, Task> Outcome { get; set; } = (_, _) => Task.CompletedTask;

    /// <summary>The number of queries of every call made, in order (1 for a lone Search).</summary>
    public ConcurrentQueue<int> Calls { get; } = new();

    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request)
    {
        var queries = request is SearchBatchRequest batch ? batch.Queries.Count : 1;
        Calls.Enqueue(queries);
        return new AsyncUnaryCall<TResponse>(Answer<TResponse>(queries, options.CancellationToken), Task.FromResult(new Metadata()), () => Status.DefaultSuccess, () => [], () => { });
    }

    public override TResponse BlockingUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request) => throw new NotSupportedException();

    public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request) => throw new NotSupportedException();

    public override AsyncClientStreamingCall<TRequest, TResponse> AsyncClientStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options) => throw new NotSupportedException();

    public override AsyncDuplexStreamingCall<TRequest, TResponse> AsyncDuplexStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options) => throw new NotSupportedException();

    private async Task<TResponse> Answer<TResponse>(int queries, CancellationToken cancellationToken)
    {
        await Outcome(queries, cancellationToken);
        object reply = typeof(TResponse) == typeof(SearchReply)
            ? new SearchReply()
            : Enumerable.Range(0, queries).Select(_ => new SearchBatchAnswer(0, string.Empty, Array.Empty<Candidate>(), 0, 0)).ToArray();
        return (TResponse)reply;
    }
}
