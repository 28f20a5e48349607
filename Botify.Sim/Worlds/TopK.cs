using System.Runtime.CompilerServices;

namespace Botify.Sim.Worlds;

/// <summary>Exact top-k selection over a score array with a bounded min-heap.</summary>
public static class TopK
{
    /// <summary>
    /// Writes the ids of the <c>min(k, scores.Length)</c> highest scores to <paramref name="ids"/>,
    /// best first (ties by lower id), and returns how many were written.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int Select(ReadOnlySpan<float> scores, int k, Span<int> ids)
    {
        k = Math.Min(Math.Min(k, scores.Length), ids.Length);
        if (k <= 0)
        {
            return 0;
        }

        // ids[0..count) is a min-heap by (score, -id): its root is the weakest of the kept ones.
        var count = 0;
        var threshold = float.NegativeInfinity;
        for (var i = 0; i < scores.Length; i++)
        {
            var score = scores[i];
            if (count < k)
            {
                ids[count] = i;
                SiftUp(scores, ids, count);
                count++;
                threshold = scores[ids[0]];
            }
            else if (score > threshold)
            {
                ids[0] = i;
                SiftDown(scores, ids, 0, count);
                threshold = scores[ids[0]];
            }
        }

        // Heap sort in place: repeatedly move the weakest to the end, leaving the best first.
        for (var end = count - 1; end > 0; end--)
        {
            (ids[0], ids[end]) = (ids[end], ids[0]);
            SiftDown(scores, ids, 0, end);
        }

        return count;
    }

    private static bool Weaker(ReadOnlySpan<float> scores, int a, int b) =>
        scores[a] < scores[b] || (scores[a] == scores[b] && a > b);

    private static void SiftUp(ReadOnlySpan<float> scores, Span<int> heap, int index)
    {
        while (index > 0)
        {
            var parent = (index - 1) / 2;
            if (!Weaker(scores, heap[index], heap[parent]))
            {
                return;
            }

            (heap[index], heap[parent]) = (heap[parent], heap[index]);
            index = parent;
        }
    }

    private static void SiftDown(ReadOnlySpan<float> scores, Span<int> heap, int index, int count)
    {
        while (true)
        {
            var left = (2 * index) + 1;
            if (left >= count)
            {
                return;
            }

            var weakest = left;
            var right = left + 1;
            if (right < count && Weaker(scores, heap[right], heap[left]))
            {
                weakest = right;
            }

            if (!Weaker(scores, heap[weakest], heap[index]))
            {
                return;
            }

            (heap[index], heap[weakest]) = (heap[weakest], heap[index]);
            index = weakest;
        }
    }
}
