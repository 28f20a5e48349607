using System.Numerics.Tensors;
using Botify.Shared.Embeddings;

namespace Botify.Benchmarks.IndexComparison;

/// <summary>
/// The problem every engine answers (generated, read from <c>.npy</c> files or from a model bundle): items with varying norms and a bias each, and query
/// vectors. Besides the d-float forms (what Botify's index takes) it keeps the items as [x; b] and the
/// queries as [q; 1], d + 1 floats each, so USearch and the brute-force scan answer the very same
/// inner-product problem.
/// </summary>
internal sealed class BenchmarkData
{
    private BenchmarkData(EmbeddingTable items, float[] bias, EmbeddingTable queries, float[] liftedItems, float[] liftedQueries)
    {
        Items = items;
        Bias = bias;
        Queries = queries;
        LiftedItems = liftedItems;
        LiftedQueries = liftedQueries;
    }

    public EmbeddingTable Items { get; }

    public float[] Bias { get; }

    public EmbeddingTable Queries { get; }

    /// <summary>Items as [x; b], row after row.</summary>
    public float[] LiftedItems { get; }

    /// <summary>Queries as [q; 1], row after row.</summary>
    public float[] LiftedQueries { get; }

    public int Dimension => Items.Dimension;

    public int LiftedDimension => Items.Dimension + 1;

    public ReadOnlySpan<float> LiftedQuery(int query) => LiftedQueries.AsSpan(query * LiftedDimension, LiftedDimension);

    /// <summary>
    /// Items as the tests make them (clustered, norms spread about 7x, bias ~ N(0, 0.1)); queries from
    /// their own cluster centres with a narrower norm spread, as context vectors are.
    /// </summary>
    public static BenchmarkData Generate(IndexRunSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var items = ClusteredVectors.Generate(settings.Vectors, settings.Dimension, settings.Clusters, settings.Seed);
        var bias = new float[settings.Vectors];
        ClusteredVectors.FillGaussian(new Random(settings.Seed + 1), bias, 0.1f);
        var queries = settings.QueriesNearItems
            ? NearItems(items, settings.Queries, settings.Seed + 2)
            : ClusteredVectors.Generate(settings.Queries, settings.Dimension, settings.QueryClusters, settings.Seed + 2, normSigma: 0.2f);
        return new BenchmarkData(items, bias, queries, Lift(items, bias), Lift(queries, null));
    }

    /// <summary>A problem read from elsewhere: items, one bias per item and queries of the items' dimension.</summary>
    public static BenchmarkData FromTables(EmbeddingTable items, float[] bias, EmbeddingTable queries)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(bias);
        ArgumentNullException.ThrowIfNull(queries);
        if (bias.Length != items.Rows || queries.Dimension != items.Dimension)
        {
            throw new ArgumentException($"{items.Rows} items of d = {items.Dimension} need as many biases (not {bias.Length}) and queries of the same d (not {queries.Dimension})");
        }

        return new BenchmarkData(items, bias, queries, Lift(items, bias), Lift(queries, null));
    }

    /// <summary>
    /// Queries that point roughly where a random item points: its direction plus noise of the same
    /// relative spread the clusters have, with a norm spread of exp(N(0, 0.2)).
    /// </summary>
    private static EmbeddingTable NearItems(EmbeddingTable items, int count, int seed)
    {
        var random = new Random(seed);
        var d = items.Dimension;
        var queries = EmbeddingTable.Zeros(count, d);
        for (var q = 0; q < count; q++)
        {
            var row = queries.Row(q);
            var item = items.Row(random.Next(items.Rows));
            ClusteredVectors.FillGaussian(random, row, 0.6f / MathF.Sqrt(d));
            TensorPrimitives.MultiplyAdd(item, 1f / TensorPrimitives.Norm(item), row, row);
            var norm = MathF.Exp(0.2f * ClusteredVectors.Gaussian(random)) / TensorPrimitives.Norm(row);
            TensorPrimitives.Multiply(row, norm, row);
        }

        return queries;
    }

    /// <summary>Appends one coordinate to every row: the row's bias, or 1 for queries.</summary>
    private static float[] Lift(EmbeddingTable table, float[]? bias)
    {
        var d = table.Dimension;
        var lifted = GC.AllocateUninitializedArray<float>(checked(table.Rows * (d + 1)));
        for (var i = 0; i < table.Rows; i++)
        {
            table.Row(i).CopyTo(lifted.AsSpan(i * (d + 1), d));
            lifted[(i * (d + 1)) + d] = bias is null ? 1f : bias[i];
        }

        return lifted;
    }
}
