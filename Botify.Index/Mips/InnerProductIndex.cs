using System.Numerics.Tensors;
using Botify.Index.Hnsw;
using Botify.Shared.Embeddings;

namespace Botify.Index.Mips;

/// <summary>
/// Maximum-inner-product search over items with a bias: the score of item i for a query q is
/// &lt;q, x[i]&gt; + b[i]. Items are stored as [x; b] and queries as [q; 1], so the bias is part of
/// one dot product; with <see cref="MipsReduction.ExtraDimension"/> one more coordinate lifts every
/// item onto a sphere. Scores returned are exact inner products, not graph distances.
/// </summary>
/// <remarks>
/// Which reduction is the default was settled by measurement (the index benchmark runs both on
/// clustered vectors whose norms vary about 7x, and the recall test pins the default): plain inner
/// product reaches the same recall with fewer visited nodes, because the answers to a MIPS query are
/// mostly long vectors and the graph's hubs are exactly those. The lift pays an extra coordinate and
/// squeezes short vectors into one corner of the sphere, where the graph navigates them poorly.
/// Searches walk the graph on 8-bit codes and rescore with the floats (<see cref="HnswGraph.QuantizedWalk"/>,
/// on by default): at a million items that answers about twice as many queries a second at the same recall.
/// </remarks>
public sealed partial class InnerProductIndex
{
    private readonly float[] _stored;

    private InnerProductIndex(float[] stored, int items, int modelDimension, MipsReduction reduction, float radiusSquared, HnswGraph graph)
    {
        _stored = stored;
        Items = items;
        ModelDimension = modelDimension;
        Reduction = reduction;
        RadiusSquared = radiusSquared;
        Graph = graph;
        Graph.QuantizedWalk = true;
    }

    /// <summary>Number of items.</summary>
    public int Items { get; }

    /// <summary>Dimension d of queries and item vectors (without the bias coordinate).</summary>
    public int ModelDimension { get; }

    /// <summary>How inner product is mapped onto the graph.</summary>
    public MipsReduction Reduction { get; }

    /// <summary>The graph.</summary>
    public HnswGraph Graph { get; }

    /// <summary>Squared norm of the longest stored item (the sphere's radius for the extra-dimension lift).</summary>
    public float RadiusSquared { get; }

    /// <summary>Floats per stored vector: d + 1 for the bias, + 1 for the lift.</summary>
    public int StoredDimension => StoredDimensionFor(ModelDimension, Reduction);

    /// <summary>Builds the index over <paramref name="items"/> with biases <paramref name="bias"/> (or none).</summary>
    public static InnerProductIndex Build(EmbeddingTable items, ReadOnlySpan<float> bias, MipsReduction reduction, HnswParameters parameters, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(items);
        var stored = Lift(items, bias, reduction, out var radiusSquared);
        var graph = HnswGraph.Build(stored, items.Rows, StoredDimensionFor(items.Dimension, reduction), parameters, progress, cancellationToken);
        return new InnerProductIndex(stored, items.Rows, items.Dimension, reduction, radiusSquared, graph);
    }

    /// <summary>
    /// The top-k allowed items for <paramref name="query"/> (d floats), best first, with exact scores.
    /// Allocates nothing: the lifted query lives on the stack and the search scratch is per thread.
    /// When a filter leaves the graph walk short of k results (nodes an inner-product graph rarely
    /// links to, such as very short vectors, can be all that is left), an exact scan answers instead,
    /// so k allowed results come back whenever k exist.
    /// </summary>
    public int Search<TFilter>(ReadOnlySpan<float> query, int k, int ef, TFilter filter, Span<SearchHit> hits, out int visited)
        where TFilter : struct, ISearchFilter
    {
        if (query.Length != ModelDimension)
        {
            throw new ArgumentException($"query has {query.Length} floats, the model {ModelDimension}", nameof(query));
        }

        Span<float> lifted = StoredDimension <= 1024 ? stackalloc float[StoredDimension] : new float[StoredDimension];
        LiftQuery(query, lifted);
        var found = Graph.Search(lifted, k, ef, filter, hits, out visited);
        if (found < k && found < Items)
        {
            found = ExactSearch.Search(_stored, StoredDimension, lifted, k, filter, hits);
            visited += Items;
        }

        return found;
    }

    /// <summary>Exact top-k by scanning every item (the reference for recall).</summary>
    public int SearchExact<TFilter>(ReadOnlySpan<float> query, int k, TFilter filter, Span<SearchHit> hits)
        where TFilter : struct, ISearchFilter
    {
        Span<float> lifted = StoredDimension <= 1024 ? stackalloc float[StoredDimension] : new float[StoredDimension];
        LiftQuery(query, lifted);
        return ExactSearch.Search(_stored, StoredDimension, lifted, k, filter, hits);
    }

    /// <summary>Bytes held by the stored vectors and the graph's links.</summary>
    public long MemoryBytes => Graph.MemoryBytes;

    private static int StoredDimensionFor(int modelDimension, MipsReduction reduction) =>
        modelDimension + (reduction == MipsReduction.ExtraDimension ? 2 : 1);

    private void LiftQuery(ReadOnlySpan<float> query, Span<float> lifted)
    {
        query.CopyTo(lifted);
        lifted[ModelDimension] = 1f;
        if (Reduction == MipsReduction.ExtraDimension)
        {
            lifted[ModelDimension + 1] = 0f;
        }
    }

    private static float[] Lift(EmbeddingTable items, ReadOnlySpan<float> bias, MipsReduction reduction, out float radiusSquared)
    {
        if (!bias.IsEmpty && bias.Length != items.Rows)
        {
            throw new ArgumentException($"bias has {bias.Length} entries, items {items.Rows}", nameof(bias));
        }

        var d = items.Dimension;
        var width = StoredDimensionFor(d, reduction);
        var stored = HugePages.AllocateUninitialized<float>(checked(items.Rows * width));
        radiusSquared = 0f;
        for (var i = 0; i < items.Rows; i++)
        {
            var row = stored.AsSpan(i * width, width);
            items.Row(i).CopyTo(row);
            row[d] = bias.IsEmpty ? 0f : bias[i];
            var squared = TensorPrimitives.Dot(row[..(d + 1)], row[..(d + 1)]);
            radiusSquared = Math.Max(radiusSquared, squared);
        }

        if (reduction == MipsReduction.ExtraDimension)
        {
            for (var i = 0; i < items.Rows; i++)
            {
                var row = stored.AsSpan(i * width, width);
                var squared = TensorPrimitives.Dot(row[..(d + 1)], row[..(d + 1)]);
                row[d + 1] = MathF.Sqrt(Math.Max(0f, radiusSquared - squared));
            }
        }

        return stored;
    }
}
