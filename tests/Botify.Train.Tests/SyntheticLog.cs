using System.Numerics.Tensors;
using Botify.Shared.Embeddings;
using Botify.Shared.Events;

namespace Botify.Train.Tests;

/// <summary>
/// An event log written by listeners with known tastes: each track has a hidden true vector, a
/// session starts on a random track, random tracks are recommended (a cold start), and each is heard
/// for sigmoid(4·&lt;true[track], true[first]&gt; - 1), as the simulator's listener would.
/// </summary>
internal sealed class SyntheticLog
{
    /// <param name="tracks">Catalog size.</param>
    /// <param name="users">Listeners.</param>
    /// <param name="sessions">Sessions.</param>
    /// <param name="seed">Seed of the truth and the sessions.</param>
    /// <param name="nearShare">Share of recommendations drawn among the 30 tracks truly nearest the first
    /// track (a recommender that already works, as on a later day of the loop); 0 = all random (a cold start).</param>
    public SyntheticLog(int tracks, int users, int sessions, int seed, double nearShare = 0)
    {
        Truth = ClusteredVectors.Generate(tracks, 8, clusters: 20, seed, spread: 0.4f, normSigma: 0.1f);
        var nearest = new int[tracks][];
        var random = new Random(seed + 1);
        long clock = 1_700_000_000_000;
        for (var s = 0; s < sessions; s++)
        {
            var user = random.Next(users);
            var first = random.Next(tracks);
            var current = first;
            var time = 1.0;
            for (var step = 0; step < 8; step++)
            {
                var next = random.Next(tracks);
                if (random.NextDouble() < nearShare)
                {
                    nearest[first] ??= Nearest(first, 30);
                    next = nearest[first][random.Next(30)];
                }

                Events.Add(new ListenerEvent("next", clock++, user, current, time, 0.001, next, Experiments));
                current = next;
                time = Math.Round(HeardShare(first, next), 2);
            }

            Events.Add(new ListenerEvent("last", clock++, user, current, time, 0.001, null, Experiments));
        }
    }

    public EmbeddingTable Truth { get; }

    public List<ListenerEvent> Events { get; } = [];

    private static Dictionary<string, string> Experiments { get; } = new() { ["E"] = "C" };

    public double HeardShare(int first, int track)
    {
        var affinity = TensorPrimitives.Dot(Truth.Row(first), Truth.Row(track));
        return 1.0 / (1.0 + Math.Exp(-((4.0 * affinity) - 1.0)));
    }

    /// <summary>The <paramref name="k"/> tracks with the highest true inner product with <paramref name="track"/>, itself excluded.</summary>
    public int[] Nearest(int track, int k) =>
        [.. Enumerable.Range(0, Truth.Rows).Where(t => t != track)
            .OrderByDescending(t => TensorPrimitives.Dot(Truth.Row(track), Truth.Row(t))).Take(k)];

    public void Write(string path)
    {
        using var writer = File.CreateText(path);
        foreach (var e in Events)
        {
            writer.WriteLine(EventJson.Serialize(e));
        }
    }
}
