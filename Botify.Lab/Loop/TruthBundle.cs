using Botify.Shared.Embeddings;
using Botify.Shared.Models;
using Botify.Sim.Worlds;

namespace Botify.Lab.Loop;

/// <summary>
/// The world's hidden true vectors as a model bundle: context and track tables both the true vectors,
/// no biases, no listener vectors. An index serving it plays a treatment's rule on the truth, the
/// reference that separates what the rule is worth from what the learned geometry loses
/// (docs/training.md, "The probe"). It is written for the reference replays only; nothing trains on it.
/// </summary>
public static class TruthBundle
{
    /// <summary>The version the truth bundle's index reports.</summary>
    public const string ModelVersion = "truth";

    /// <summary>Writes the bundle of <paramref name="world"/>'s true vectors into <paramref name="folder"/>.</summary>
    public static void Write(World world, string folder)
    {
        ArgumentNullException.ThrowIfNull(world);
        var truth = world.TrueVectors;
        var manifest = new ModelManifest
        {
            ModelVersion = ModelVersion,
            Dimension = truth.Dimension,
            Tracks = truth.Rows,
            Users = world.Listeners.Count,
            CreatedAt = DateTimeOffset.UtcNow,
        };
        manifest.Training["trainer"] = "none: the simulator's true vectors (a reference, never served to the A/B days)";
        new ModelBundle(manifest, truth, truth, new float[truth.Rows], EmbeddingTable.Zeros(world.Listeners.Count, truth.Dimension)).Save(folder);
    }
}
