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
/// Which reduction serves best depends on the items, so the default (<see cref="MipsReduction.Auto"/>)
/// decides from their norms (<see cref="MipsAuto"/>). On clustered vectors whose norms vary about 7x
/// (the index benchmark's generated data) plain inner product reaches the same recall with fewer visited
/// nodes, because the answers to a MIPS query are mostly long vectors and the graph's hubs are exactly
/// those; the lift squeezes short vectors into one corner of the sphere, where the graph navigates them
/// poorly. On the Lab's trained bundles, whose track vectors share a direction the queries point against,
/// the longest vectors are poor answers and the lift's metric graph wins as clearly; on the bundles trained
/// on the course's catalog it still loses, so Auto's rule is a cut between the worlds measured, not a law
/// (docs/index.md#mips-inner-product-or-the-extra-dimension). Searches walk the graph on 8-bit codes and rescore with the floats
/// (<see cref="HnswGraph.QuantizedWalk"/>, on by default), for more queries a second at the same recall.
/// </remarks>
public sealed partial class InnerProductIndex
{
    private readonly float[] _stored;

    // _order[node] is the item stored as graph node `node` (see LocalityOrder); identity when unordered.
    private readonly int[] _order;

    private InnerProductIndex(float[] stored, int[] order, int items, int modelDimension, MipsReduction reduction, float radiusSquared, HnswGraph graph, bool byteWalk)
    {
        _stored = stored;
        _order = order;
        Items = items;
        ModelDimension = modelDimension;
        Reduction = reduction;
        RadiusSquared = radiusSquared;
        Graph = graph;
        Graph.QuantizedWalk = byteWalk;
    }

    /// <summary>Number of items.</summary>
    public int Items { get; }

    /// <summary>Dimension d of queries and item vectors (without the bias coordinate).</summary>
    public int ModelDimension { get; }

    /// <summary>How inner product is mapped onto the graph: never <see cref="MipsReduction.Auto"/>, which <see cref="Build"/> decides.</summary>
    public MipsReduction Reduction { get; }

    /// <summary>
    /// The norm spread <see cref="MipsReduction.Auto"/> decided <see cref="Reduction"/> from (<see cref="MipsAuto.NormSpread"/>);
    /// NaN when the reduction was asked for by name or the index was loaded from a file.
    /// </summary>
    public double AutoNormSpread { get; private init; } = double.NaN;

    /// <summary>The graph.</summary>
    public HnswGraph Graph { get; }

    /// <summary>Squared norm of the longest stored item (the sphere's radius for the extra-dimension lift).</summary>
    public float RadiusSquared { get; }

    /// <summary>Floats per stored vector: d + 1 for the bias, + 1 for the lift.</summary>
    public int StoredDimension => StoredDimensionFor(ModelDimension, Reduction);

    /// <summary>Whether the items are stored in <see cref="Mips.LocalityOrder"/> rather than in id order.</summary>
    public bool LocalityOrdered { get; private init; }

    /// <summary>
    /// Builds the index over <paramref name="items"/> with biases <paramref name="bias"/> (or none).
    /// With <paramref name="localityOrder"/> (the default) the items become graph nodes in
    /// <see cref="Mips.LocalityOrder"/>, so a search's visits land near each other in memory; ids in
    /// and out of every search are item ids either way. <paramref name="byteWalk"/> (the default) codes
    /// the items for the walk (<see cref="HnswGraph.QuantizedWalk"/>); without it searches walk on the floats.
    /// <see cref="MipsReduction.Auto"/> picks the reduction from the items' norms (<see cref="MipsAuto"/>).
    /// </summary>
    public static InnerProductIndex Build(EmbeddingTable items, ReadOnlySpan<float> bias, MipsReduction reduction, HnswParameters parameters, bool localityOrder = true, IProgress<int>? progress = null, bool byteWalk = true, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(parameters);
        if (!Enum.IsDefined(reduction))
        {
            throw new ArgumentOutOfRangeException(nameof(reduction), reduction, "not a MIPS reduction");
        }

        reduction = MipsAuto.Resolve(reduction, items, bias, out var normSpread);
        var stored = Lift(items, bias, reduction, out var radiusSquared);
        var width = StoredDimensionFor(items.Dimension, reduction);
        var order = localityOrder ? LocalityOrder.Compute(stored, items.Rows, width, parameters.Seed) : Identity(items.Rows);
        PermuteRows(stored, width, order);
        // Inserted in track order, whatever the storage order: the graph is the one a build in track order makes,
        // renumbered, whose deep filtered answers beat a storage-order build's (docs/index.md#the-graph, CHANGELOG).
        var insertionOrder = localityOrder ? Inverse(order) : null;
        var graph = HnswGraph.Build(stored, items.Rows, width, parameters, insertionOrder, progress, cancellationToken);
        return new InnerProductIndex(stored, order, items.Rows, items.Dimension, reduction, radiusSquared, graph, byteWalk) { LocalityOrdered = localityOrder, AutoNormSpread = normSpread };
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
        var nodes = new NodeFilter<TFilter>(filter, _order);
        var found = Graph.Search(lifted, k, ef, nodes, hits, out visited);
        if (found < k && found < Items)
        {
            found = ExactSearch.Search(_stored, StoredDimension, lifted, k, nodes, hits);
            visited += Items;
        }

        return ToItems(hits[..found]);
    }

    /// <summary>Exact top-k by scanning every item (the reference for recall).</summary>
    public int SearchExact<TFilter>(ReadOnlySpan<float> query, int k, TFilter filter, Span<SearchHit> hits)
        where TFilter : struct, ISearchFilter
    {
        Span<float> lifted = StoredDimension <= 1024 ? stackalloc float[StoredDimension] : new float[StoredDimension];
        LiftQuery(query, lifted);
        return ToItems(hits[..ExactSearch.Search(_stored, StoredDimension, lifted, k, new NodeFilter<TFilter>(filter, _order), hits)]);
    }

    /// <summary>Bytes held by the stored vectors, the graph's links and codes, and the node order.</summary>
    public long MemoryBytes => Graph.MemoryBytes + (_order.LongLength * sizeof(int));

    /// <summary>Rewrites hits from graph nodes to item ids; returns how many.</summary>
    private int ToItems(Span<SearchHit> hits)
    {
        foreach (ref var hit in hits)
        {
            hit = new SearchHit(_order[hit.Id], hit.Score);
        }

        return hits.Length;
    }

    /// <summary>The inverse of a permutation: <c>inverse[order[i]] = i</c>.</summary>
    private static int[] Inverse(int[] order)
    {
        var inverse = new int[order.Length];
        for (var i = 0; i < order.Length; i++)
        {
            inverse[order[i]] = i;
        }

        return inverse;
    }

    private static int[] Identity(int count) => [.. Enumerable.Range(0, count)];

    /// <summary>Reorders the rows of <paramref name="rows"/> in place so row <c>p</c> becomes the old row <c>order[p]</c>, following the permutation's cycles with one row of scratch.</summary>
    private static void PermuteRows(float[] rows, int width, int[] order)
    {
        var placed = new bool[order.Length];
        var saved = new float[width];
        for (var start = 0; start < order.Length; start++)
        {
            if (placed[start] || order[start] == start)
            {
                continue;
            }

            rows.AsSpan(start * width, width).CopyTo(saved);
            var at = start;
            while (order[at] != start)
            {
                rows.AsSpan(order[at] * width, width).CopyTo(rows.AsSpan(at * width, width));
                placed[at] = true;
                at = order[at];
            }

            saved.CopyTo(rows.AsSpan(at * width, width));
            placed[at] = true;
        }
    }

    /// <summary>The caller's filter, which speaks of items, asked about graph nodes.</summary>
    private readonly struct NodeFilter<TFilter>(TFilter items, int[] order) : ISearchFilter
        where TFilter : struct, ISearchFilter
    {
        public bool IsAllowed(int id) => items.IsAllowed(order[id]);

        public int ExcludedCount => items.ExcludedCount;
    }

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
