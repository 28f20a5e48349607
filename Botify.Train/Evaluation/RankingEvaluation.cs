using Botify.Train.Examples;
using Botify.Train.Model;

namespace Botify.Train.Evaluation;

/// <summary>
/// NDCG@k of held-out sessions: the tracks a session was offered are ranked by the model for the
/// session's first track (and its listener), the gain of each being the share heard. On a log of
/// random recommendations — a cold-start day — the offered tracks are a random sample, so this
/// measures the model's ordering without the logging policy's bias. Compared with ordering by
/// popularity (tracks heard at least 0.7 most often in training) and a random ordering.
/// </summary>
public static class RankingEvaluation
{
    public static RankingResult Evaluate(EmbeddingModel model, IReadOnlyList<LoggedSession> sessions, IEnumerable<int> heldOut, ExampleSet train, int k = 10, float threshold = 0.7f)
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

        var random = new Random(17);
        double modelSum = 0, popularSum = 0, randomSum = 0;
        var evaluated = 0;
        foreach (var s in heldOut)
        {
            var session = sessions[s];
            var offered = new List<(int Track, float Gain)>();
            for (var i = 1; i < session.Tracks.Count; i++)
            {
                offered.Add((session.Tracks[i], session.Times[i]));
            }

            var ideal = Dcg(offered.Select(o => o.Gain).OrderDescending(), k);
            if (offered.Count < 2 || ideal <= 0)
            {
                continue;
            }

            evaluated++;
            var context = session.Tracks[0];
            modelSum += Dcg(offered.OrderByDescending(o => model.Predict(context, session.User, o.Track)).Select(o => o.Gain), k) / ideal;
            popularSum += Dcg(offered.OrderByDescending(o => popularity[o.Track]).Select(o => o.Gain), k) / ideal;
            double shuffled = 0;
            for (var r = 0; r < 10; r++)
            {
                shuffled += Dcg(offered.OrderBy(_ => random.Next()).Select(o => o.Gain), k) / ideal;
            }

            randomSum += shuffled / 10;
        }

        return evaluated == 0
            ? new RankingResult(k, 0, double.NaN, double.NaN, double.NaN)
            : new RankingResult(k, evaluated, modelSum / evaluated, popularSum / evaluated, randomSum / evaluated);
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

    private static double Dcg(IEnumerable<float> gains, int k)
    {
        double dcg = 0;
        var position = 0;
        foreach (var gain in gains.Take(k))
        {
            dcg += gain / Math.Log2(position + 2);
            position++;
        }

        return dcg;
    }
}
