using System.Numerics.Tensors;
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

    /// <summary>
    /// Vectors shaped like a trained model's. The Lab's day-3 bundle (50,000 × 32): track vectors 2.6 ± 0.34
    /// along their mean direction and 1.77 ± 0.49 across it, biases 1.67 ± 0.43 (0.58–2.33), shorter tracks
    /// with larger biases, so |[t; b]| spreads only 1.17 (p99 / median); context vectors point against the
    /// tracks' mean direction, so the longest tracks are poor answers. These copy those figures (spread about
    /// 1.16, |t| alone 1.28); the queries' parts across come from the tracks' clusters.
    /// </summary>
    public static (EmbeddingTable Items, float[] Bias, EmbeddingTable Queries) TrainedLike(int count, int queries, int dimension, int seed)
    {
        var parts = ClusteredVectors.Generate(count + queries, dimension, clusters: Math.Max(1, count / 200), seed, normSigma: 0.2f);
        var random = new Random(seed + 1);
        var shared = new float[dimension];
        ClusteredVectors.FillGaussian(random, shared, 1f);
        TensorPrimitives.Divide(shared, TensorPrimitives.Norm(shared), shared);
        var items = EmbeddingTable.Zeros(count, dimension);
        var bias = new float[count];
        var queryTable = EmbeddingTable.Zeros(queries, dimension);
        for (var i = 0; i < count + queries; i++)
        {
            // The part across the shared direction keeps the generated row's length.
            var part = parts.Row(i);
            var norm = TensorPrimitives.Norm(part);
            TensorPrimitives.MultiplyAdd(shared, -TensorPrimitives.Dot(part, shared), part, part);
            TensorPrimitives.Multiply(part, norm / TensorPrimitives.Norm(part), part);
            if (i < count)
            {
                var item = items.Row(i);
                TensorPrimitives.Multiply(shared, 2.6f + (0.35f * ClusteredVectors.Gaussian(random)), item);
                TensorPrimitives.MultiplyAdd(part, 1.75f, item, item);
                var longer = TensorPrimitives.Norm(item) - 3.1f;
                bias[i] = Math.Clamp(1.67f - longer + (0.3f * ClusteredVectors.Gaussian(random)), 0.5f, 2.3f);
            }
            else
            {
                var query = queryTable.Row(i - count);
                TensorPrimitives.Multiply(shared, -1.8f, query);
                TensorPrimitives.MultiplyAdd(part, 2.1f, query, query);
            }
        }

        return (items, bias, queryTable);
    }

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
