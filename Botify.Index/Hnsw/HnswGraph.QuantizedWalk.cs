namespace Botify.Index.Hnsw;

public sealed partial class HnswGraph
{
    private QuantizedVectors? _codes;

    // With codes whose tail is one coordinate (d = 64 plus the bias), each layer-0 link's neighbour's
    // tail code, at [id * M0 + slot]: a search reads a node's 32 tail codes in one line with its
    // links instead of one side-table byte for every neighbour it scores (docs/index.md).
    private sbyte[]? _linkTails;

    /// <summary>
    /// Whether searches walk the graph on 8-bit codes of the vectors (and rescore what they found with
    /// the exact floats) rather than on the floats themselves. Turning it on codes the vectors once
    /// (65 bytes a node for d = 64: one line and a byte of bias, and 32 bytes of link tails); set it
    /// before the graph serves searches. Vectors of fewer than 16 floats are never coded. The index
    /// benchmark measures both walks.
    /// </summary>
    public bool QuantizedWalk
    {
        get => _codes is not null;
        set
        {
            if (!value)
            {
                _codes = null;
                _linkTails = null;
            }
            else if (_codes is null && QuantizedVectors.Supports(Dimension))
            {
                var codes = QuantizedVectors.Build(_vectors.AsSpan(0, Count * Dimension), Count, Dimension);
                _linkTails = codes.TailDimension == 1 ? LinkTails(codes) : null;
                _codes = codes;
            }
        }
    }

    /// <summary>
    /// A walk whose data (links, and the codes or the floats it scores) takes at least this many bytes
    /// expands nodes two at a time: it cannot stay in cache, and a search waits on memory.
    /// </summary>
    internal const long PairedWalkBytes = 64L << 20;

    /// <summary>
    /// Whether layer-0 searches expand the two best unexpanded nodes at a time (see <see cref="SearchPool"/>);
    /// null: when the walk's data takes at least <see cref="PairedWalkBytes"/>. Tests set it to cover both walks.
    /// </summary>
    internal bool? PairedExpansion { get; set; }

    private bool ExpandsInPairs => PairedExpansion ?? (_layer0.LongLength * sizeof(int)) + (_codes?.MemoryBytes ?? ((long)Count * Dimension * sizeof(float))) + (_linkTails?.LongLength ?? 0) >= PairedWalkBytes;

    /// <summary>The tail code of every layer-0 link's neighbour, in the links' order.</summary>
    private sbyte[] LinkTails(QuantizedVectors codes)
    {
        var tails = HugePages.AllocateUninitialized<sbyte>(checked(Count * _m0));
        var stride = _m0 + 1;
        for (var id = 0; id < Count; id++)
        {
            var list = _layer0.AsSpan(id * stride, stride);
            for (var slot = 0; slot < list[0]; slot++)
            {
                tails[(id * _m0) + slot] = codes.TailCode(list[1 + slot]);
            }
        }

        return tails;
    }
}
