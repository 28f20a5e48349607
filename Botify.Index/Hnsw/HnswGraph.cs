using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Botify.Index.Hnsw;

/// <summary>
/// A hierarchical navigable small-world graph (Malkov &amp; Yashunin) over float vectors whose
/// distance is the negated inner product. Layer 0 lives in one flat int array (a count slot, then
/// 2·M links per node) so a search walks contiguous memory; the few nodes on upper layers keep a
/// small array each. Vectors live in one flat float array, row i = node i.
/// </summary>
public sealed partial class HnswGraph
{
    private const int MaxLevelCap = 24;

    private readonly float[] _vectors;
    private readonly byte[] _levels;
    private readonly int[] _layer0;
    private readonly int[]?[] _upper;
    private readonly int _m;
    private readonly int _m0;
    private int _entryPoint;
    private int _maxLevel;

    private HnswGraph(float[] vectors, int count, int dimension, HnswParameters parameters, byte[] levels)
    {
        _vectors = vectors;
        Count = count;
        Dimension = dimension;
        Parameters = parameters;
        _m = parameters.M;
        _m0 = parameters.M0;
        _levels = levels;
        _layer0 = HugePages.AllocateUninitialized<int>(checked(count * (_m0 + 1)));
        Array.Clear(_layer0);
        _upper = new int[]?[count];
        for (var i = 0; i < count; i++)
        {
            if (levels[i] > 0)
            {
                _upper[i] = new int[levels[i] * (_m + 1)];
            }
        }

        _entryPoint = -1;
        _maxLevel = -1;
    }

    /// <summary>Number of nodes.</summary>
    public int Count { get; }

    /// <summary>Floats per vector.</summary>
    public int Dimension { get; }

    /// <summary>The parameters the graph was built with.</summary>
    public HnswParameters Parameters { get; }

    /// <summary>Highest layer.</summary>
    public int MaxLevel => _maxLevel;

    /// <summary>The node every search starts from.</summary>
    public int EntryPoint => _entryPoint;

    /// <summary>Bytes held by vectors, their codes and links (the index's memory apart from object headers).</summary>
    public long MemoryBytes
    {
        get
        {
            long bytes = (_vectors.LongLength * sizeof(float)) + (_layer0.LongLength * sizeof(int)) + _levels.LongLength + (_codes?.MemoryBytes ?? 0) + (_linkTails?.LongLength ?? 0);
            foreach (var upper in _upper)
            {
                bytes += upper is null ? IntPtr.Size : (upper.LongLength * sizeof(int)) + IntPtr.Size + 24;
            }

            return bytes;
        }
    }

    /// <summary>The vector of node <paramref name="id"/>.</summary>
    public ReadOnlySpan<float> Vector(int id) => _vectors.AsSpan(id * Dimension, Dimension);

    /// <summary>Neighbours of <paramref name="id"/> on <paramref name="level"/> (a copy, for tests and diagnostics).</summary>
    public int[] Neighbors(int id, int level)
    {
        var list = LinkList(id, level);
        return list.Slice(1, list[0]).ToArray();
    }

    /// <summary>Draws a level per node: floor(-ln U · 1/ln M), the distribution the HNSW paper prescribes.</summary>
    internal static byte[] DrawLevels(int count, int m, int seed)
    {
        var random = new Random(seed);
        var scale = 1.0 / Math.Log(m);
        var levels = new byte[count];
        for (var i = 0; i < count; i++)
        {
            var level = (int)(-Math.Log(1.0 - random.NextDouble()) * scale);
            levels[i] = (byte)Math.Min(level, MaxLevelCap);
        }

        return levels;
    }

    /// <summary>
    /// The link list of a node on a level: slot 0 is the count, then the links. Layer 0 is a slice of
    /// the flat array; upper layers a slice of the node's own array.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Span<int> LinkList(int id, int level) => level == 0
        ? _layer0.AsSpan(id * (_m0 + 1), _m0 + 1)
        : _upper[id].AsSpan((level - 1) * (_m + 1), _m + 1);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private float Distance(int a, int b) =>
        -VectorMath.Dot(ref _vectors[a * Dimension], ref _vectors[b * Dimension], Dimension);
}
