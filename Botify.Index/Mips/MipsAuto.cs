using System.Numerics.Tensors;
using Botify.Shared.Embeddings;

namespace Botify.Index.Mips;

/// <summary>
/// What <see cref="MipsReduction.Auto"/> decides: the spread of the items' norms, taken as the 99th
/// percentile of |[x; b]| over its median. Where the norms are nearly equal the extra-dimension lift
/// gives every item a similar extra coordinate and its metric graph navigates well, while the inner-product
/// graph's hubs, the long vectors, need not be where the answers are; where they spread, the lift crowds
/// the short vectors together and the inner-product graph wins (docs/index.md#mips-inner-product-or-the-extra-dimension).
/// </summary>
public static class MipsAuto
{
    /// <summary>
    /// Largest norm spread for which <see cref="MipsReduction.Auto"/> lifts: the cut between the worlds where the lift
    /// wins and those where it loses; the spread is a proxy, not the cause (docs/index.md#mips-inner-product-or-the-extra-dimension).
    /// </summary>
    public const double MaxLiftedNormSpread = 1.2;

    /// <summary>
    /// The 99th percentile of |[x; b]| over the items divided by its median (<paramref name="bias"/> empty:
    /// b = 0); 1 for no items or all zero, infinity when the median is 0 but not the 99th percentile.
    /// </summary>
    public static double NormSpread(EmbeddingTable items, ReadOnlySpan<float> bias)
    {
        ArgumentNullException.ThrowIfNull(items);
        if (!bias.IsEmpty && bias.Length != items.Rows)
        {
            throw new ArgumentException($"bias has {bias.Length} entries, items {items.Rows}", nameof(bias));
        }

        if (items.Rows == 0)
        {
            return 1;
        }

        var squared = new float[items.Rows];
        for (var i = 0; i < items.Rows; i++)
        {
            var row = items.Row(i);
            var b = bias.IsEmpty ? 0f : bias[i];
            squared[i] = TensorPrimitives.Dot(row, row) + (b * b);
        }

        Array.Sort(squared);
        var median = Math.Sqrt(squared[(items.Rows - 1) / 2]);
        var p99 = Math.Sqrt(squared[Math.Max(0, (int)Math.Ceiling(0.99 * items.Rows) - 1)]);
        return median > 0 ? p99 / median : p99 > 0 ? double.PositiveInfinity : 1;
    }

    /// <summary>The reduction <see cref="MipsReduction.Auto"/> picks for a norm spread.</summary>
    public static MipsReduction Choose(double normSpread) =>
        normSpread <= MaxLiftedNormSpread ? MipsReduction.ExtraDimension : MipsReduction.InnerProduct;

    /// <summary>
    /// <paramref name="requested"/> itself unless it is <see cref="MipsReduction.Auto"/>, which is decided
    /// from the items; <paramref name="normSpread"/> is the measured spread then, NaN otherwise (not measured).
    /// </summary>
    public static MipsReduction Resolve(MipsReduction requested, EmbeddingTable items, ReadOnlySpan<float> bias, out double normSpread)
    {
        if (requested != MipsReduction.Auto)
        {
            normSpread = double.NaN;
            return requested;
        }

        normSpread = NormSpread(items, bias);
        return Choose(normSpread);
    }

    /// <summary>The reduction's name as <c>GetInfo</c> reports it: <c>inner-product</c> or <c>extra-dimension</c>.</summary>
    public static string Name(MipsReduction reduction) => reduction switch
    {
        MipsReduction.InnerProduct => "inner-product",
        MipsReduction.ExtraDimension => "extra-dimension",
        _ => "auto",
    };
}
