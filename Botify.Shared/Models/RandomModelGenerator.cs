using System.Globalization;
using Botify.Shared.Embeddings;

namespace Botify.Shared.Models;

/// <summary>
/// Seeded generator of model bundles for tests and benchmarks. Track vectors are clustered with
/// norms that vary several-fold (<see cref="ClusteredVectors"/>); a track's context vector lies in
/// the same cluster as its track vector, so "more like this" queries have real answers.
/// </summary>
public static class RandomModelGenerator
{
    /// <summary>Generates a bundle.</summary>
    /// <param name="tracks">Tracks (rows of the context and track tables).</param>
    /// <param name="users">Listeners (rows of the listener table).</param>
    /// <param name="dimension">Embedding dimension d.</param>
    /// <param name="seed">Seed; the same arguments give the same bundle.</param>
    /// <param name="clusters">Clusters of tracks; 0 picks about one per 200 tracks.</param>
    public static ModelBundle Generate(int tracks, int users, int dimension, int seed, int clusters = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(tracks, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(users);
        if (clusters <= 0)
        {
            clusters = Math.Max(1, tracks / 200);
        }

        var clusterOfTrack = new int[tracks];
        var trackTable = ClusteredVectors.Generate(tracks, dimension, clusters, seed, clusterOfRow: clusterOfTrack);

        // Context vectors: the track's own direction, blurred, at unit scale.
        var random = new Random(unchecked(seed * 31 + 7));
        var context = EmbeddingTable.Zeros(tracks, dimension);
        Span<float> noise = stackalloc float[dimension];
        for (var i = 0; i < tracks; i++)
        {
            var row = context.Row(i);
            trackTable.Row(i).CopyTo(row);
            var norm = System.Numerics.Tensors.TensorPrimitives.Norm(row);
            System.Numerics.Tensors.TensorPrimitives.Divide(row, norm, row);
            ClusteredVectors.FillGaussian(random, noise, 0.5f / MathF.Sqrt(dimension));
            System.Numerics.Tensors.TensorPrimitives.Add(row, noise, row);
        }

        var bias = new float[tracks];
        ClusteredVectors.FillGaussian(random, bias, 0.05f);
        var userTable = EmbeddingTable.Zeros(users, dimension);
        ClusteredVectors.FillGaussian(random, userTable.Data, 0.3f / MathF.Sqrt(dimension));

        var manifest = new ModelManifest
        {
            ModelVersion = string.Create(CultureInfo.InvariantCulture, $"random-{tracks}x{dimension}-seed{seed}"),
            Dimension = dimension,
            Tracks = tracks,
            Users = users,
            GlobalBias = 0.3f,
            CreatedAt = DateTimeOffset.UnixEpoch,
        };
        manifest.Training["generator"] = "random";
        manifest.Training["seed"] = seed.ToString(CultureInfo.InvariantCulture);
        manifest.Training["clusters"] = clusters.ToString(CultureInfo.InvariantCulture);
        return new ModelBundle(manifest, context, trackTable, bias, userTable);
    }
}
