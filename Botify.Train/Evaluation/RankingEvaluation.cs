using System.Numerics.Tensors;
using Botify.Train.Examples;
using Botify.Train.Model;

namespace Botify.Train.Evaluation;

/// <summary>
/// Recall@k of the tracks a listener heard for at least the threshold in held-out sessions, when
/// all tracks are ranked for the session's first track (and the listener) — the question the index
/// answers in serving. Compared with ranking by popularity and with a random ranking.
/// </summary>
public static class RankingEvaluation
{
    /// <summary>Computes recall@k over up to <paramref name="maxSessions"/> held-out sessions that have liked tracks.</summary>
    public static RankingResult Evaluate(EmbeddingModel model, IReadOnlyList<ListenerSession> sessions, IEnumerable<int> heldOut, ExampleSet train, int k = 10, float threshold = 0.7f, int maxSessions = 1000)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(sessions);
        ArgumentNullException.ThrowIfNull(train);
        var popularity = new float[model.Tracks];
        for (var i = 0; i < train.Count; i++)
        {
            if (train.Times[i] >= threshold)
            {
                popularity[train.Tracks[i]]++;
            }
        }

        var popular = TopK(popularity, k + 1);
        var scores = new float[model.Tracks];
        var query = new float[model.Dimension];
        double modelHits = 0, popularHits = 0, liked = 0;
        var evaluated = 0;
        foreach (var s in heldOut)
        {
            if (evaluated >= maxSessions)
            {
                break;
            }

            var session = sessions[s];
            var context = session.Tracks[0];
            var likedTracks = new HashSet<int>();
            for (var i = 1; i < session.Tracks.Count; i++)
            {
                if (session.Times[i] >= threshold && session.Tracks[i] != context)
                {
                    likedTracks.Add(session.Tracks[i]);
                }
            }

            if (likedTracks.Count == 0)
            {
                continue;
            }

            evaluated++;
            model.Context.Row(context).CopyTo(query);
            if ((uint)session.User < (uint)model.Users)
            {
                TensorPrimitives.Add(query, model.UserVectors.Row(session.User), query);
            }

            for (var t = 0; t < model.Tracks; t++)
            {
                scores[t] = TensorPrimitives.Dot(query, model.TrackVectors.Row(t)) + model.Bias[t];
            }

            scores[context] = float.NegativeInfinity;
            modelHits += TopK(scores, k).Count(likedTracks.Contains);
            popularHits += popular.Where(t => t != context).Take(k).Count(likedTracks.Contains);
            liked += likedTracks.Count;
        }

        var randomRecall = model.Tracks > 1 ? Math.Min(1.0, k / (double)(model.Tracks - 1)) : 1.0;
        return new RankingResult(k, evaluated, liked > 0 ? modelHits / liked : double.NaN, liked > 0 ? popularHits / liked : double.NaN, randomRecall);
    }

    /// <summary>Indices of the k largest values, largest first.</summary>
    internal static int[] TopK(float[] values, int k)
    {
        k = Math.Min(k, values.Length);
        var heap = new PriorityQueue<int, float>(k + 1);
        for (var i = 0; i < values.Length; i++)
        {
            if (heap.Count < k)
            {
                heap.Enqueue(i, values[i]);
            }
            else if (values[i] > values[heap.Peek()])
            {
                heap.DequeueEnqueue(i, values[i]);
            }
        }

        var result = new int[heap.Count];
        for (var i = result.Length - 1; i >= 0; i--)
        {
            result[i] = heap.Dequeue();
        }

        return result;
    }
}
