using System.Globalization;
using System.Numerics.Tensors;
using Botify.Shared.Data;
using Botify.Shared.Embeddings;
using Botify.Shared.Models;

namespace Botify.Benchmarks.IndexComparison;

/// <summary>
/// The problem a trained model poses the index (<c>index --bundle</c>): the bundle's track vectors and
/// biases as the items, as the index service builds them, and a seeded sample of its context vectors
/// as the queries (tracks listed as cold, whose context the service never searches with, and zero
/// context vectors are left out of the sample).
/// </summary>
internal static class BundleProblem
{
    /// <exception cref="DataFileException">The bundle is missing or corrupt (from <see cref="ModelBundle.Load"/>), or has no usable context vector.</exception>
    public static (BenchmarkData Data, string Description) Load(string directory, int queries, int seed)
    {
        var bundle = ModelBundle.Load(directory);
        var cold = bundle.Manifest.ColdTracks.ToHashSet();
        var eligible = Enumerable.Range(0, bundle.Manifest.Tracks)
            .Where(t => !cold.Contains(t) && TensorPrimitives.Norm(bundle.Context.Row(t)) > 0f)
            .ToArray();
        if (eligible.Length == 0)
        {
            throw new DataFileException(Path.Combine(directory, ModelBundle.ContextFile), "no track has a context vector to query with (all cold or zero)");
        }

        // A partial Fisher-Yates shuffle: the first `count` of `eligible` become the seeded sample.
        var random = new Random(seed);
        var count = Math.Min(queries, eligible.Length);
        for (var i = 0; i < count; i++)
        {
            var j = random.Next(i, eligible.Length);
            (eligible[i], eligible[j]) = (eligible[j], eligible[i]);
        }

        var d = bundle.Dimension;
        var table = EmbeddingTable.Zeros(count, d);
        for (var i = 0; i < count; i++)
        {
            bundle.Context.Row(eligible[i]).CopyTo(table.Row(i));
        }

        var label = string.Create(CultureInfo.InvariantCulture,
            $"model {bundle.Manifest.ModelVersion}: {bundle.Manifest.Tracks:N0} tracks, d = {d}, {cold.Count:N0} cold; {count:N0} of {eligible.Length:N0} usable context vectors as queries, seed {seed}");
        return (BenchmarkData.FromTables(bundle.Tracks, bundle.TrackBias, table), label);
    }
}
