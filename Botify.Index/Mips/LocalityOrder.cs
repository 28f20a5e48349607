using System.Numerics.Tensors;

namespace Botify.Index.Mips;

/// <summary>
/// An order of the items in which items near each other in space sit near each other in memory, so
/// the nodes one graph search visits share cache lines, pages and TLB entries instead of being
/// scattered over the whole table (at a million items the walk waits on memory, not arithmetic).
/// </summary>
/// <remarks>
/// The order is the leaf order of a bisecting 2-means tree: a range of items is split in two around
/// two of its members picked at random, each item going to the nearer, then around the means of the
/// two halves, twice; each half is split again until at most <see cref="LeafSize"/> items are left.
/// A split between two means follows the gaps in the data, so a cluster stays in one piece of
/// memory (docs/index.md#the-graph). A split that leaves fewer than a sixteenth of
/// the range on one side is made at the median instead, so the tree stays shallow. It costs a few dot
/// products per item per level (a few seconds at a million items, beside minutes of graph build)
/// and depends only on the rows and the seed. Rows are compared by direction (each scaled to unit
/// length): an inner-product graph links a node to the rows with the largest inner product with it,
/// which share its direction whatever their length, and a search moves along those links.
/// </remarks>
public static class LocalityOrder
{
    /// <summary>Ranges of at most this many items are not split further.</summary>
    public const int LeafSize = 32;

    /// <summary>
    /// Returns <c>order</c> with <c>order[position] = row</c>: the rows of <paramref name="rows"/>
    /// (<paramref name="count"/> rows of <paramref name="dimension"/> floats) in locality order.
    /// </summary>
    public static int[] Compute(ReadOnlySpan<float> rows, int count, int dimension, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
        if ((long)count * dimension > rows.Length)
        {
            throw new ArgumentException($"rows holds {rows.Length} floats, fewer than count x dimension = {(long)count * dimension}", nameof(rows));
        }

        int[] order = [.. Enumerable.Range(0, count)];
        var inverseNorms = new float[count];
        for (var i = 0; i < count; i++)
        {
            var norm = TensorPrimitives.Norm(rows.Slice(i * dimension, dimension));
            inverseNorms[i] = norm > 0f ? 1f / norm : 0f;
        }

        var keys = new float[count];
        var near = new float[dimension];
        var far = new float[dimension];
        var sample = new float[Samples];
        var pending = new Stack<(int Start, int Length)>();
        pending.Push((0, count));
        while (pending.Count > 0)
        {
            var (start, length) = pending.Pop();
            if (length <= LeafSize)
            {
                continue;
            }

            // Each range draws from its own seed, so the order does not depend on the order ranges are
            // split in (and not HashCode.Combine, which is seeded differently in every process).
            var random = new Random(unchecked((seed * 1_000_003) ^ (start * 7_919) ^ length));
            var members = order.AsSpan(start, length);
            var rangeKeys = keys.AsSpan(start, length);
            if (!PickPair(rows, dimension, inverseNorms, members, near, far, random))
            {
                // No pair of members tried pointed different ways: the range is (nearly) one direction.
                continue;
            }

            for (var round = 0; round < MeanRounds; round++)
            {
                Score(rows, dimension, inverseNorms, members, near, far, rangeKeys);
                if (round + 1 < MeanRounds && !MoveToMeans(rows, dimension, inverseNorms, members, rangeKeys, near, far))
                {
                    break;
                }
            }

            var half = Partition(rangeKeys, members, 0f);
            if (Math.Min(half, length - half) < length / 16)
            {
                half = Partition(rangeKeys, members, Median(rangeKeys, sample, random));
                if (half == 0 || half == length)
                {
                    // At least half the keys tie at one end: cut the range in the middle.
                    half = length / 2;
                }
            }

            // The right half is pushed first so the left one is split first (the order is the same either way).
            pending.Push((start + half, length - half));
            pending.Push((start, half));
        }

        return order;
    }

    /// <summary>Projections sampled to estimate a range's median.</summary>
    private const int Samples = 63;

    /// <summary>Assignments to the nearer of the two centres, the last one kept, per split.</summary>
    private const int MeanRounds = 3;

    /// <summary>Sets <paramref name="near"/> and <paramref name="far"/> to the directions of two members of the range; false when every pair tried had the same direction.</summary>
    private static bool PickPair(ReadOnlySpan<float> rows, int dimension, float[] inverseNorms, ReadOnlySpan<int> members, Span<float> near, Span<float> far, Random random)
    {
        for (var attempt = 0; attempt < 8; attempt++)
        {
            var a = members[random.Next(members.Length)];
            var b = members[random.Next(members.Length)];
            TensorPrimitives.Multiply(rows.Slice(a * dimension, dimension), inverseNorms[a], near);
            TensorPrimitives.Multiply(rows.Slice(b * dimension, dimension), inverseNorms[b], far);
            if (!near.SequenceEqual(far))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Writes each member's key: negative when its direction is nearer <paramref name="near"/> than <paramref name="far"/>
    /// (|x − n|² &lt; |x − f|² ⇔ x·(f − n) &lt; (|f|² − |n|²) / 2). <paramref name="far"/> is left holding f − n.
    /// </summary>
    private static void Score(ReadOnlySpan<float> rows, int dimension, float[] inverseNorms, ReadOnlySpan<int> members, ReadOnlySpan<float> near, Span<float> far, Span<float> keys)
    {
        var threshold = (TensorPrimitives.Dot(far, far) - TensorPrimitives.Dot(near, near)) / 2f;
        TensorPrimitives.Subtract(far, near, far);
        for (var i = 0; i < members.Length; i++)
        {
            keys[i] = (TensorPrimitives.Dot(rows.Slice(members[i] * dimension, dimension), far) * inverseNorms[members[i]]) - threshold;
        }
    }

    /// <summary>Moves the centres to the mean directions of the members nearer each; false when one side is empty.</summary>
    private static bool MoveToMeans(ReadOnlySpan<float> rows, int dimension, float[] inverseNorms, ReadOnlySpan<int> members, ReadOnlySpan<float> keys, Span<float> near, Span<float> far)
    {
        near.Clear();
        far.Clear();
        var nearCount = 0;
        for (var i = 0; i < members.Length; i++)
        {
            var row = rows.Slice(members[i] * dimension, dimension);
            if (keys[i] < 0f)
            {
                TensorPrimitives.MultiplyAdd(row, inverseNorms[members[i]], near, near);
                nearCount++;
            }
            else
            {
                TensorPrimitives.MultiplyAdd(row, inverseNorms[members[i]], far, far);
            }
        }

        var farCount = members.Length - nearCount;
        if (nearCount == 0 || farCount == 0)
        {
            return false;
        }

        TensorPrimitives.Multiply(near, 1f / nearCount, near);
        TensorPrimitives.Multiply(far, 1f / farCount, far);
        return true;
    }

    /// <summary>The median of a sample of <paramref name="keys"/> (all of them when they are few).</summary>
    private static float Median(ReadOnlySpan<float> keys, float[] sample, Random random)
    {
        var taken = Math.Min(keys.Length, sample.Length);
        for (var i = 0; i < taken; i++)
        {
            sample[i] = keys.Length <= sample.Length ? keys[i] : keys[random.Next(keys.Length)];
        }

        Array.Sort(sample, 0, taken);
        return sample[taken / 2];
    }

    /// <summary>Moves the items whose key is below <paramref name="pivot"/> to the front (keys with them); returns how many.</summary>
    private static int Partition(Span<float> keys, Span<int> items, float pivot)
    {
        var low = 0;
        var high = keys.Length - 1;
        while (true)
        {
            while (low <= high && keys[low] < pivot)
            {
                low++;
            }

            // Not "keys[high] >= pivot": a NaN key must move right too, or neither scan would pass it.
            while (low <= high && !(keys[high] < pivot))
            {
                high--;
            }

            if (low >= high)
            {
                return low;
            }

            (keys[low], keys[high]) = (keys[high], keys[low]);
            (items[low], items[high]) = (items[high], items[low]);
        }
    }
}
