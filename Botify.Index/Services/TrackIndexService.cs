using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using Botify.Index.Hnsw;
using Botify.Index.Serving;
using Botify.Index.Telemetry;
using Botify.Protos.V1;
using Botify.Shared.Data;
using Google.Protobuf.Collections;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.Options;
using SearchHit = Botify.Index.Hnsw.SearchHit;

namespace Botify.Index.Services;

/// <summary>
/// The <c>botify.v1.TrackIndex</c> gRPC service. Its methods are bound by <see cref="Botify.Shared.Grpc.StrictRequestMethodProvider{TService}"/>
/// (a request that does not parse is INVALID_ARGUMENT, not UNKNOWN); it still derives from the generated base,
/// which gRPC reflection reads the service's description from.
/// </summary>
[BindServiceMethod(typeof(TrackIndexService), nameof(BindService))]
internal sealed partial class TrackIndexService(ModelHolder holder, IOptions<IndexOptions> options, IndexMetrics metrics) : TrackIndex.TrackIndexBase
{
    /// <summary>This thread's excluded ids; a search runs on one thread from start to end.</summary>
    [ThreadStatic]
    private static ExclusionSet? _threadExclusions;

    private readonly IndexOptions _options = options.Value;

    /// <summary>Most queries in one <c>SearchBatch</c> call.</summary>
    public const int MaxBatchQueries = 1000;

    /// <summary>
    /// Binds nothing: Grpc.AspNetCore takes the bind method from the nearest <see cref="BindServiceMethodAttribute"/>,
    /// and the generated one would add a second endpoint per method beside <see cref="Botify.Shared.Grpc.StrictRequestMethodProvider{TService}"/>'s.
    /// </summary>
#pragma warning disable IDE0060 // The signature is the one Grpc.AspNetCore looks for.
    public static void BindService(ServiceBinderBase serviceBinder, TrackIndexService? serviceImpl)
#pragma warning restore IDE0060
    {
    }

    public override Task<SearchReply> Search(SearchRequest request, ServerCallContext context)
    {
        var started = Stopwatch.GetTimestamp();
        using var span = IndexTracing.Source.StartActivity("Search");
        var model = RequireModel();
        Span<float> query = stackalloc float[model.Bundle.Dimension];
        Query(model, request, query);
        var reply = Answer(model, query, request.K, request.Ef, request.Exclude);
        metrics.Searched(byVector: false, Stopwatch.GetElapsedTime(started), reply.Visited);
        Describe(span, reply, request.K, request.Ef);
        return Task.FromResult(reply);
    }

    /// <summary>
    /// Every query as <see cref="Search"/> would answer it, on one model, in order; a query Search
    /// would refuse gets its status and message in its own result and the rest are answered.
    /// </summary>
    public override Task<SearchBatchReply> SearchBatch(SearchBatchRequest request, ServerCallContext context)
    {
        using var span = IndexTracing.Source.StartActivity("SearchBatch");
        if (request.Queries.Count is 0 or > MaxBatchQueries)
        {
            RpcErrors.InvalidArgument($"queries has {request.Queries.Count} entries; a batch holds 1..{MaxBatchQueries}");
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
        var hits = ArrayPool<SearchHit>.Shared.Rent(IndexOptions.MaxK);
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
            var k = Math.Clamp(queries[i].K, 0, IndexOptions.MaxK);
            var ef = queries[i].Ef == 0 ? _options.EfSearch : Math.Clamp(queries[i].Ef, 0, IndexOptions.MaxEf);
            cost += Math.Max(k, ef);
        }

        return cost;
    }

    /// <summary>
    /// Checks <paramref name="request"/> against <paramref name="model"/> and writes its query vector,
    /// <c>c[context] (+ u[user])</c>, or the session's weighted sum when it lists session tracks
    /// (<see cref="SessionQuery"/>); throws the status Search answers for a bad one.
    /// </summary>
    private static void Query(ServedModel model, SearchRequest request, Span<float> query)
    {
        var bundle = model.Bundle;
        var bySession = request.SessionTracks.Count > 0 || request.SessionWeights.Count > 0;
        if (!bySession)
        {
            if ((uint)request.ContextTrack >= (uint)bundle.Manifest.Tracks)
            {
                RpcErrors.NotFound($"context_track {request.ContextTrack} is not a track of model {model.Version} (0..{bundle.Manifest.Tracks - 1})");
            }

            if (model.IsCold(request.ContextTrack))
            {
                RpcErrors.NotFound($"context_track {request.ContextTrack} has no trained vector in model {model.Version} (cold track)");
            }
        }

        if (request.HasUser && (uint)request.User >= (uint)bundle.Manifest.Users)
        {
            RpcErrors.NotFound($"user {request.User} is not a listener of model {model.Version} (0..{bundle.Manifest.Users - 1})");
        }

        ValidateQuery(request.K, request.Ef, request.Exclude.Count);
        if (bySession)
        {
            SessionQuery(model, request.SessionTracks, request.SessionWeights, query);
        }
        else
        {
            bundle.Context.Row(request.ContextTrack).CopyTo(query);
        }

        if (request.HasUser)
        {
            System.Numerics.Tensors.TensorPrimitives.Add(query, bundle.Users.Row(request.User), query);
        }
    }

    public override Task<SearchReply> SearchByVector(SearchByVectorRequest request, ServerCallContext context)
    {
        var started = Stopwatch.GetTimestamp();
        using var span = IndexTracing.Source.StartActivity("SearchByVector");
        var model = RequireModel();
        if (request.Vector.Count != model.Bundle.Dimension)
        {
            RpcErrors.InvalidArgument($"vector has {request.Vector.Count} values; model {model.Version} has dimension {model.Bundle.Dimension}");
        }

        for (var i = 0; i < request.Vector.Count; i++)
        {
            if (!float.IsFinite(request.Vector[i]))
            {
                RpcErrors.InvalidArgument(string.Create(CultureInfo.InvariantCulture, $"vector[{i}] is {request.Vector[i]}; values must be finite"));
            }

            // Finite values can still overflow a score to infinity (3.4e38 did, and came back OK with NaN scores).
            if (Math.Abs(request.Vector[i]) > model.MaxQueryMagnitude)
            {
                RpcErrors.InvalidArgument(string.Create(CultureInfo.InvariantCulture, $"vector[{i}] is {request.Vector[i]}; with the track vectors of model {model.Version} |values| must be at most {model.MaxQueryMagnitude:G4}, or scores overflow"));
            }
        }

        ValidateQuery(request.K, request.Ef, request.Exclude.Count);
        Span<float> query = stackalloc float[request.Vector.Count];
        for (var i = 0; i < query.Length; i++)
        {
            query[i] = request.Vector[i];
        }

        var reply = Answer(model, query, request.K, request.Ef, request.Exclude);
        metrics.Searched(byVector: true, Stopwatch.GetElapsedTime(started), reply.Visited);
        Describe(span, reply, request.K, request.Ef);
        return Task.FromResult(reply);
    }

    public override Task<IndexInfo> GetInfo(GetInfoRequest request, ServerCallContext context) =>
        Task.FromResult(Describe(holder.Current));

    public override async Task<ReloadReply> Reload(ReloadRequest request, ServerCallContext context)
    {
        if (string.IsNullOrWhiteSpace(request.BundlePath))
        {
            RpcErrors.InvalidArgument("bundle_path is required");
        }

        try
        {
            var model = await holder.ReloadAsync(request.BundlePath, context.CancellationToken).ConfigureAwait(false);
            return new ReloadReply { Info = Describe(model) };
        }
        catch (DataFileException e)
        {
            RpcErrors.FailedPrecondition($"model bundle refused, the previous model keeps serving: {e.Message}");
            throw;
        }
    }

    /// <summary>Tags a traced search (span is null when no tracer listens).</summary>
    private void Describe(Activity? span, SearchReply reply, int k, int ef)
    {
        span?.SetTag("botify.model_version", reply.ModelVersion)
            .SetTag("botify.k", k)
            .SetTag("botify.ef", ef == 0 ? _options.EfSearch : ef)
            .SetTag("botify.hits", reply.Hits.Count)
            .SetTag("botify.visited", reply.Visited);
    }

    private ServedModel RequireModel()
    {
        var model = holder.Current;
        if (model is null)
        {
            RpcErrors.FailedPrecondition("no model loaded: the index is in cold start until a Reload");
        }

        return model;
    }

    private static void ValidateQuery(int k, int ef, int excluded)
    {
        if (k is < 1 or > IndexOptions.MaxK)
        {
            RpcErrors.InvalidArgument($"k is {k}; it must be in 1..{IndexOptions.MaxK}");
        }

        if (ef is < 0 or > IndexOptions.MaxEf)
        {
            RpcErrors.InvalidArgument($"ef is {ef}; it must be 0 (the service default) or in 1..{IndexOptions.MaxEf}");
        }

        if (excluded > IndexOptions.MaxExclude)
        {
            RpcErrors.InvalidArgument($"exclude has {excluded} ids; at most {IndexOptions.MaxExclude} are allowed");
        }
    }

    private SearchReply Answer(ServedModel model, ReadOnlySpan<float> query, int k, int ef, RepeatedField<int> exclude)
    {
        var hits = ArrayPool<SearchHit>.Shared.Rent(k);
        try
        {
            var found = Find(model, query, k, ef, exclude, hits, out var visited);
            var reply = new SearchReply { ModelVersion = model.Version, Visited = visited };
            var globalBias = model.Bundle.Manifest.GlobalBias;
            for (var i = 0; i < found; i++)
            {
                reply.Hits.Add(new Protos.V1.SearchHit { Track = hits[i].Id, Score = hits[i].Score + globalBias });
            }

            return reply;
        }
        finally
        {
            ArrayPool<SearchHit>.Shared.Return(hits);
        }
    }

    /// <summary>The top <paramref name="k"/> into <paramref name="hits"/> (scores without the global bias); returns how many were found.</summary>
    private int Find(ServedModel model, ReadOnlySpan<float> query, int k, int ef, RepeatedField<int> exclude, SearchHit[] hits, out int visited)
    {
        var excluded = _threadExclusions ??= new ExclusionSet();
        excluded.Reset(model.Index.Items);
        // By index: a RepeatedField's enumerator is an object, one per query.
        for (var i = 0; i < exclude.Count; i++)
        {
            excluded.Add(exclude[i]);
        }

        try
        {
            var effectiveEf = ef == 0 ? _options.EfSearch : ef;
            return model.Index.Search(query, k, effectiveEf, excluded.Filter, hits, out visited);
        }
        finally
        {
            excluded.Clear();
        }
    }

    private IndexInfo Describe(ServedModel? model)
    {
        if (model is null)
        {
            return new IndexInfo { Loaded = false };
        }

        var graph = model.Index.Graph;
        return new IndexInfo
        {
            Loaded = true,
            ModelVersion = model.Version,
            Tracks = model.Bundle.Manifest.Tracks,
            Users = model.Bundle.Manifest.Users,
            Dimension = model.Bundle.Dimension,
            Graph = new GraphParameters
            {
                M = graph.Parameters.M,
                EfConstruction = graph.Parameters.EfConstruction,
                EfSearch = _options.EfSearch,
                Seed = graph.Parameters.Seed,
                Mips = Mips.MipsAuto.Name(model.Index.Reduction),
                MaxLevel = graph.MaxLevel,
            },
            BuildSeconds = graph.BuildSeconds,
            GraphFromFile = graph.LoadedFromFile,
            LoadedAt = Timestamp.FromDateTimeOffset(model.LoadedAt),
            BundlePath = model.BundlePath,
            HugePages = model.HugePages,
            ByteWalk = graph.QuantizedWalk,
            MemoryBytes = model.Index.MemoryBytes,
        };
    }
}
