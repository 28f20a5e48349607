namespace Botify.Shared.Embeddings;

/// <summary>
/// Seeded generator of vectors shaped like learned embeddings: grouped around cluster centres
/// (tracks of a genre or artist lie together) with norms that vary several-fold (popular tracks
/// get longer vectors). Uniform random vectors are a misleading test for a graph index; these are not.
/// </summary>
public static class ClusteredVectors
{
    /// <summary>Generates <paramref name="rows"/> vectors of <paramref name="dimension"/> floats.</summary>
    /// <param name="rows">Number of vectors.</param>
    /// <param name="dimension">Floats per vector.</param>
    /// <param name="clusters">Number of cluster centres (at least 1).</param>
    /// <param name="seed">Seed; the same seed gives the same table.</param>
    /// <param name="spread">Noise around a centre relative to the centre's length (default 0.6).</param>
    /// <param name="normSigma">Standard deviation of the log of the norm multiplier (default 0.5: the middle 95% of norms span about 7x).</param>
    /// <param name="clusterOfRow">Optional output: the cluster each row was drawn from.</param>
    public static EmbeddingTable Generate(int rows, int dimension, int clusters, int seed, float spread = 0.6f, float normSigma = 0.5f, int[]? clusterOfRow = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(clusters, 1);
        var random = new Random(seed);
        var centres = new float[clusters * dimension];
        for (var c = 0; c < clusters; c++)
        {
            var centre = centres.AsSpan(c * dimension, dimension);
            FillGaussian(random, centre, 1f);
            Normalize(centre);
        }

        var table = EmbeddingTable.Zeros(rows, dimension);
        var noiseScale = spread / MathF.Sqrt(dimension);
        for (var i = 0; i < rows; i++)
        {
            var cluster = random.Next(clusters);
            if (clusterOfRow is not null)
            {
                clusterOfRow[i] = cluster;
            }

            var row = table.Row(i);
            FillGaussian(random, row, noiseScale);
            System.Numerics.Tensors.TensorPrimitives.Add(row, centres.AsSpan(cluster * dimension, dimension), row);
            Normalize(row);
            var norm = MathF.Exp(normSigma * Gaussian(random));
            System.Numerics.Tensors.TensorPrimitives.Multiply(row, norm, row);
        }

        return table;
    }

    /// <summary>Fills <paramref name="target"/> with independent normal draws of the given standard deviation.</summary>
    public static void FillGaussian(Random random, Span<float> target, float sigma)
    {
        ArgumentNullException.ThrowIfNull(random);
        for (var i = 0; i < target.Length; i++)
        {
            target[i] = sigma * Gaussian(random);
        }
    }

    /// <summary>One standard normal draw (Box–Muller).</summary>
    public static float Gaussian(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return (float)(Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2));
    }

    private static void Normalize(Span<float> vector)
    {
        var norm = System.Numerics.Tensors.TensorPrimitives.Norm(vector);
        if (norm > 0)
        {
            System.Numerics.Tensors.TensorPrimitives.Divide(vector, norm, vector);
        }
    }
}
