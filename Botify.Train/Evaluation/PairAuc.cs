using System.Numerics.Tensors;
using Botify.Shared.Embeddings;
using Botify.Train.Examples;

namespace Botify.Train.Evaluation;

/// <summary>
/// What the co-listening loss trains for, measured on the held-out sessions' liked pairs: the share of
/// (pair, random catalog track) draws where the served score <c>&lt;c[a], t[b]&gt; + b[b]</c> ranks the liked
/// track above the random one (ties count half). 0.5 is a random model, 1 a perfect ranking.
/// </summary>
public static class PairAuc
{
    /// <summary>Random tracks drawn per held-out pair.</summary>
    public const int Draws = 5;

    /// <summary>The AUC of the bundle tables on <paramref name="pairs"/> (skip pairs left out); NaN without liked pairs.</summary>
    public static double Measure(EmbeddingTable context, EmbeddingTable tracks, float[] bias, CoListeningPairs pairs, int seed)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(tracks);
        ArgumentNullException.ThrowIfNull(bias);
        ArgumentNullException.ThrowIfNull(pairs);
        var random = new Random(seed);
        double wins = 0;
        long draws = 0;
        for (var i = 0; i < pairs.Count; i++)
        {
            if (pairs.Skipped[i])
            {
                continue;
            }

            var query = context.Row(pairs.Contexts[i]);
            var liked = TensorPrimitives.Dot(query, tracks.Row(pairs.Tracks[i])) + bias[pairs.Tracks[i]];
            for (var n = 0; n < Draws; n++)
            {
                var other = random.Next(tracks.Rows);
                if (other == pairs.Tracks[i] || other == pairs.Contexts[i])
                {
                    continue;
                }

                var score = TensorPrimitives.Dot(query, tracks.Row(other)) + bias[other];
                wins += liked > score ? 1 : liked == score ? 0.5 : 0;
                draws++;
            }
        }

        return draws == 0 ? double.NaN : wins / draws;
    }
}
