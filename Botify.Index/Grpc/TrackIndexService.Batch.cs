using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using Botify.Contracts;
using Botify.Index.Telemetry;
using Botify.Protos.V1;
using Google.Protobuf.Collections;
using Grpc.Core;
using SearchHit = Botify.Index.Hnsw.SearchHit;

namespace Botify.Index.Grpc;

/// <summary>SearchBatch: many searches on one model in one call, each with its own status, within <c>Index:MaxBatchCost</c>.</summary>
internal sealed partial class TrackIndexService
{
    /// <summary>
    /// Every query as <see cref="Search"/> would answer it, on one model, in order; a query Search
    /// would refuse gets its status and message in its own result and the rest are answered.
    /// </summary>
    public override Task<SearchBatchReply> SearchBatch(SearchBatchRequest request, ServerCallContext context)
    {
        using var span = IndexTracing.Source.StartActivity("SearchBatch");
        if (request.Queries.Count is 0 or > IndexLimits.MaxBatchQueries)
        {
            RpcErrors.InvalidArgument($"queries has {request.Queries.Count} entries; a batch holds 1..{IndexLimits.MaxBatchQueries}");
        }

        var cost = BatchCost(request.Queries);
        if (cost > _options.MaxBatchCost)
        {
            RpcErrors.ResourceExhausted(string.Create(CultureInfo.InvariantCulture, $"queries ask for a cost of {cost} (the sum of max(k, ef) over {request.Queries.Count} queries, ef {_options.EfSearch} where 0); Index:MaxBatchCost allows {_options.MaxBatchCost}: split the batch or lower k or ef"));
        }

        var model = RequireModel();
        var reply = new SearchBatchReply { ModelVersion = model.Version };
        reply.Results.Capacity = request.Queries.Count;
        Span<float> query = stackalloc float[model.Bundle.Dimension];
        var hits = ArrayPool<SearchHit>.Shared.Rent(IndexLimits.MaxK);
        var failed = 0;
        try
        {
            foreach (var one in request.Queries)
            {
                var started = Stopwatch.GetTimestamp();
                // A query that names the span it belongs to gets a Search span in that trace, linked to
                // the batch's; StartActivity returns null when no tracer listens.
                using var querySpan = one.Traceparent.Length > 0 && ActivityContext.TryParse(one.Traceparent, null, out var caller)
                    ? IndexTracing.Source.StartActivity("Search", ActivityKind.Internal, caller, links: span is null ? null : [new ActivityLink(span.Context)])
                    : null;
                var result = new SearchBatchResult();
                try
                {
                    Query(model, one, query);
                    var found = Find(model, query, one.K, one.Ef, one.Exclude, hits, out var visited);
                    var globalBias = model.Bundle.Manifest.GlobalBias;
                    result.Tracks.Capacity = found;
                    result.Scores.Capacity = found;
                    for (var i = 0; i < found; i++)
                    {
                        result.Tracks.Add(hits[i].Id);
                        result.Scores.Add(hits[i].Score + globalBias);
                    }

                    result.Visited = visited;
                    metrics.Searched(byVector: false, Stopwatch.GetElapsedTime(started), visited);
                    querySpan?.SetTag("botify.model_version", model.Version)
                        .SetTag("botify.k", one.K)
                        .SetTag("botify.ef", one.Ef)
                        .SetTag("botify.visited", visited);
                }
                catch (RpcException e)
                {
                    result.Status = (int)e.StatusCode;
                    result.Message = e.Status.Detail;
                    querySpan?.SetStatus(ActivityStatusCode.Error, e.Status.Detail);
                    failed++;
                }

                reply.Results.Add(result);
            }
        }
        finally
        {
            ArrayPool<SearchHit>.Shared.Return(hits);
        }

        metrics.SearchedBatch(request.Queries.Count);
        span?.SetTag("botify.model_version", model.Version)
            .SetTag("botify.queries", request.Queries.Count)
            .SetTag("botify.failed_queries", failed);
        return Task.FromResult(reply);
    }

    /// <summary>
    /// Σ max(k, ef) over the queries, the walk's breadth, which bounds each query's work; k and ef are
    /// clamped to their ranges first (a query outside them fails on its own and costs little).
    /// </summary>
    private long BatchCost(RepeatedField<SearchRequest> queries)
    {
        long cost = 0;
        for (var i = 0; i < queries.Count; i++)
        {
            var k = Math.Clamp(queries[i].K, 0, IndexLimits.MaxK);
            var ef = queries[i].Ef == 0 ? _options.EfSearch : Math.Clamp(queries[i].Ef, 0, IndexLimits.MaxEf);
            cost += Math.Max(k, ef);
        }

        return cost;
    }
}
