using Botify.Index.Hnsw;
using Botify.Index.Mips;
using Botify.Shared.Embeddings;

namespace Botify.Index.Tests;

/// <summary>Clustered vectors with varying norms and biases, and the recall of an index over them.</summary>
internal static class TestVectors
{
    public static (EmbeddingTable Items, float[] Bias) Items(int count, int dimension, int seed)
    {
        var items = ClusteredVectors.Generate(count, dimension, clusters: Math.Max(1, count / 200), seed);
        var random = new Random(seed + 1);
        var bias = new float[count];
        ClusteredVectors.FillGaussian(random, bias, 0.1f);
        return (items, bias);
    }

    public static EmbeddingTable Queries(int count, int dimension, int seed) =>
        ClusteredVectors.Generate(count, dimension, clusters: 20, seed, normSigma: 0.2f);

    /// <summary>Mean over queries of |HNSW top-k ∩ exact top-k| / k.</summary>
    public static double Recall(InnerProductIndex index, EmbeddingTable queries, int k, int ef)
    {
        var found = new SearchHit[k];
        var exact = new SearchHit[k];
        var hits = 0;
        for (var q = 0; q < queries.Rows; q++)
        {
            var n = index.Search(queries.Row(q), k, ef, default(AllowAll), found, out _);
            index.SearchExact(queries.Row(q), k, default(AllowAll), exact);
            var truth = exact.Select(h => h.Id).ToHashSet();
            hits += found.Take(n).Count(h => truth.Contains(h.Id));
        }

        return hits / (double)(queries.Rows * k);
    }
}
