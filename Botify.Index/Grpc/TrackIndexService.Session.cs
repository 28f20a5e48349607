using System.Globalization;
using System.Numerics.Tensors;
using Botify.Contracts;
using Botify.Index.Models;
using Google.Protobuf.Collections;

namespace Botify.Index.Grpc;

/// <summary>The session's taste as a query: <c>Σ w_i · c[track_i]</c> over the session's trained tracks.</summary>
internal sealed partial class TrackIndexService
{
    /// <summary>
    /// Checks the session arrays and writes <c>Σ weights[i] · c[tracks[i]]</c> into <paramref name="query"/>,
    /// skipping cold tracks: their context vectors carry no signal, and the session's other tracks
    /// should answer for them. NOT_FOUND when every track is cold, so the caller falls back.
    /// </summary>
    private static void SessionQuery(ServedModel model, RepeatedField<int> tracks, RepeatedField<float> weights, Span<float> query)
    {
        if (tracks.Count != weights.Count)
        {
            RpcErrors.InvalidArgument($"session_weights has {weights.Count} values for {tracks.Count} session_tracks; they must be parallel arrays of one length");
        }

        if (tracks.Count > IndexLimits.MaxSessionTracks)
        {
            RpcErrors.InvalidArgument($"session_tracks has {tracks.Count} entries; at most {IndexLimits.MaxSessionTracks} are allowed");
        }

        var trackCount = model.Bundle.Manifest.Tracks;
        for (var i = 0; i < tracks.Count; i++)
        {
            if ((uint)tracks[i] >= (uint)trackCount)
            {
                RpcErrors.NotFound($"session_tracks[{i}] = {tracks[i]} is not a track of model {model.Version} (0..{trackCount - 1})");
            }

            if (!float.IsFinite(weights[i]) || MathF.Abs(weights[i]) > IndexLimits.MaxSessionWeight)
            {
                RpcErrors.InvalidArgument(string.Create(CultureInfo.InvariantCulture, $"session_weights[{i}] is {weights[i]}; weights must be finite with |w| <= {IndexLimits.MaxSessionWeight}"));
            }
        }

        query.Clear();
        var trained = 0;
        var context = model.Bundle.Context;
        // By index: a RepeatedField's enumerator is an object, one per query.
        for (var i = 0; i < tracks.Count; i++)
        {
            if (model.IsCold(tracks[i]))
            {
                continue;
            }

            TensorPrimitives.MultiplyAdd(context.Row(tracks[i]), weights[i], query, query);
            trained++;
        }

        if (trained == 0)
        {
            RpcErrors.NotFound($"no session track has a trained vector in model {model.Version} (all {tracks.Count} are cold tracks)");
        }
    }
}
