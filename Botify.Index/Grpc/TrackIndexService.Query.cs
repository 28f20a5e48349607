using System.Buffers;
using Botify.Contracts;
using Botify.Index.Hnsw;
using Botify.Index.Models;
using Botify.Protos.V1;
using Google.Protobuf.Collections;
using SearchHit = Botify.Index.Hnsw.SearchHit;

namespace Botify.Index.Grpc;

/// <summary>A search request checked and turned into a query vector, and the graph walk that answers it.</summary>
internal sealed partial class TrackIndexService
{
    /// <summary>This thread's excluded ids; a search runs on one thread from start to end.</summary>
    [ThreadStatic]
    private static ExclusionSet? _threadExclusions;

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

    private static void ValidateQuery(int k, int ef, int excluded)
    {
        if (k is < 1 or > IndexLimits.MaxK)
        {
            RpcErrors.InvalidArgument($"k is {k}; it must be in 1..{IndexLimits.MaxK}");
        }

        if (ef is < 0 or > IndexLimits.MaxEf)
        {
            RpcErrors.InvalidArgument($"ef is {ef}; it must be 0 (the service default) or in 1..{IndexLimits.MaxEf}");
        }

        if (excluded > IndexLimits.MaxExclude)
        {
            RpcErrors.InvalidArgument($"exclude has {excluded} ids; at most {IndexLimits.MaxExclude} are allowed");
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
}
