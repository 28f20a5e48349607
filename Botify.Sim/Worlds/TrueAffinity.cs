using System.Buffers;
using System.Collections.Concurrent;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using Botify.Shared.Embeddings;

namespace Botify.Sim.Worlds;

/// <summary>
/// Inner products of the hidden true track vectors with a taste vector, the hot loop of the oracle and
/// of the first-track draw. The table is kept a second time in column-major blocks: a block of 256
/// tracks is d runs of 256 floats, so scoring is d SIMD multiply-adds over a block that stays in L1,
/// instead of 50,000 short dot products each paying call and horizontal-sum overhead.
/// </summary>
public sealed class TrueAffinity
{
    private const int BlockSize = 256;
    private const int PrefetchBatch = 16;
    private readonly EmbeddingTable _vectors;
    private readonly float[] _blocks;
    private readonly ConcurrentDictionary<(int Track, int K), int[]> _neighbours = new();

    /// <summary>Prepares scoring over <paramref name="vectors"/> (row i = true vector of track i).</summary>
    public TrueAffinity(EmbeddingTable vectors)
    {
        ArgumentNullException.ThrowIfNull(vectors);
        _vectors = vectors;
        var d = vectors.Dimension;
        var blockCount = (vectors.Rows + BlockSize - 1) / BlockSize;
        _blocks = new float[(long)blockCount * BlockSize * d];
        for (var row = 0; row < vectors.Rows; row++)
        {
            var block = row / BlockSize;
            var offset = row % BlockSize;
            var vector = vectors.Row(row);
            var baseIndex = (long)block * BlockSize * d;
            for (var k = 0; k < d; k++)
            {
                _blocks[baseIndex + (k * BlockSize) + offset] = vector[k];
            }
        }
    }

    /// <summary>Number of tracks.</summary>
    public int Tracks => _vectors.Rows;

    /// <summary>The true vector of a track.</summary>
    public ReadOnlySpan<float> Vector(int track) => _vectors.Row(track);

    /// <summary>&lt;true[track], taste&gt;.</summary>
    public float Dot(int track, ReadOnlySpan<float> taste) => TensorPrimitives.Dot(_vectors.Row(track), taste);

    /// <summary>Writes &lt;true[t], taste&gt; for every track t into <paramref name="scores"/> (length ≥ tracks).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void ScoreAll(ReadOnlySpan<float> taste, Span<float> scores)
    {
        var d = _vectors.Dimension;
        if (taste.Length != d)
        {
            throw new ArgumentException($"taste has {taste.Length} floats, the world's dimension is {d}", nameof(taste));
        }

        var n = _vectors.Rows;
        for (var start = 0; start < n; start += BlockSize)
        {
            var length = Math.Min(BlockSize, n - start);
            var target = scores.Slice(start, length);
            var block = _blocks.AsSpan((start / BlockSize) * BlockSize * d, BlockSize * d);
            TensorPrimitives.Multiply(block[..length], taste[0], target);
            for (var k = 1; k < d; k++)
            {
                TensorPrimitives.MultiplyAdd(block.Slice(k * BlockSize, length), taste[k], target, target);
            }
        }
    }

    /// <summary>
    /// The <paramref name="k"/> tracks with the highest inner product with the true vector of
    /// <paramref name="track"/>, best first (the track itself included). Cached per (track, k): listeners
    /// come back to the same interests.
    /// </summary>
    public IReadOnlyList<int> Nearest(int track, int k) =>
        _neighbours.GetOrAdd((track, k), static (key, self) => self.FindNearest(key.Track, key.K), this);

    /// <summary>Fills the <see cref="Nearest"/> cache for many queries at once, in parallel.</summary>
    public void Prefetch(IEnumerable<(int Track, int K)> queries, int parallelism)
    {
        ArgumentNullException.ThrowIfNull(queries);
        var missing = queries.Distinct().Where(q => !_neighbours.ContainsKey(q)).ToArray();
        var batches = (missing.Length + PrefetchBatch - 1) / PrefetchBatch;
        Parallel.For(0, batches, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, parallelism) }, batch =>
        {
            var start = batch * PrefetchBatch;
            var count = Math.Min(PrefetchBatch, missing.Length - start);
            var n = Tracks;
            var scores = ArrayPool<float>.Shared.Rent(count * n);
            try
            {
                var tracks = new int[count];
                for (var q = 0; q < count; q++)
                {
                    tracks[q] = missing[start + q].Track;
                }

                ScoreMany(tracks, scores);
                for (var q = 0; q < count; q++)
                {
                    var (track, k) = missing[start + q];
                    var ids = new int[Math.Min(k, n)];
                    var found = TopK.Select(scores.AsSpan(q * n, n), k, ids);
                    _neighbours.TryAdd((track, k), found == ids.Length ? ids : ids[..found]);
                }
            }
            finally
            {
                ArrayPool<float>.Shared.Return(scores);
            }
        });
    }

    // Scores the true vectors of several tracks at once, block by block: each 256-track block is read
    // from memory once for the whole batch instead of once per query, which is what bounds a lone scan.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ScoreMany(int[] tasteTracks, Span<float> scores)
    {
        var d = _vectors.Dimension;
        var n = _vectors.Rows;
        for (var start = 0; start < n; start += BlockSize)
        {
            var length = Math.Min(BlockSize, n - start);
            var block = _blocks.AsSpan((start / BlockSize) * BlockSize * d, BlockSize * d);
            for (var q = 0; q < tasteTracks.Length; q++)
            {
                var taste = _vectors.Row(tasteTracks[q]);
                var target = scores.Slice((q * n) + start, length);
                TensorPrimitives.Multiply(block[..length], taste[0], target);
                for (var k = 1; k < d; k++)
                {
                    TensorPrimitives.MultiplyAdd(block.Slice(k * BlockSize, length), taste[k], target, target);
                }
            }
        }
    }

    /// <summary>As <see cref="Nearest"/> without the cache, for one-off queries.</summary>
    public int[] FindNearest(int track, int k)
    {
        var scores = ArrayPool<float>.Shared.Rent(Tracks);
        try
        {
            ScoreAll(_vectors.Row(track), scores);
            var ids = new int[Math.Min(k, Tracks)];
            var count = TopK.Select(scores.AsSpan(0, Tracks), k, ids);
            return count == ids.Length ? ids : ids[..count];
        }
        finally
        {
            ArrayPool<float>.Shared.Return(scores);
        }
    }
}
