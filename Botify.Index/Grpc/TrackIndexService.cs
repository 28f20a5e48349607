using System.Diagnostics;
using System.Globalization;
using Botify.Index.Models;
using Botify.Index.Telemetry;
using Botify.Protos.V1;
using Botify.Shared.Data;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.Options;

namespace Botify.Index.Grpc;

/// <summary>
/// The <c>botify.v1.TrackIndex</c> gRPC service. Its methods are bound by <see cref="Botify.Shared.Grpc.StrictRequestMethodProvider{TService}"/>
/// (a request that does not parse is INVALID_ARGUMENT, not UNKNOWN); it still derives from the generated base,
/// which gRPC reflection reads the service's description from.
/// </summary>
[BindServiceMethod(typeof(TrackIndexService), nameof(BindService))]
internal sealed partial class TrackIndexService(ModelHolder holder, IOptions<IndexOptions> options, IndexMetrics metrics) : TrackIndex.TrackIndexBase
{
    private readonly IndexOptions _options = options.Value;

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
