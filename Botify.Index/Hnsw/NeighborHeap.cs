using System.Runtime.CompilerServices;

namespace Botify.Index.Hnsw;

/// <summary>
/// A binary heap of <see cref="Neighbor"/> on a reusable array: cleared, never reallocated once it
/// has grown to the search breadth, so a query allocates nothing.
/// </summary>
internal sealed class NeighborHeap<TOrder>(int capacity)
    where TOrder : struct, IHeapOrder
{
    private Neighbor[] _items = new Neighbor[Math.Max(capacity, 16)];

    public int Count { get; private set; }

    public Neighbor Top => _items[0];

    public void Clear() => Count = 0;

    public void Push(float distance, int id)
    {
        if (Count == _items.Length)
        {
            Array.Resize(ref _items, _items.Length * 2);
        }

        var items = _items;
        var i = Count++;
        while (i > 0)
        {
            var parent = (i - 1) >> 1;
            if (!TOrder.Above(distance, items[parent].Distance))
            {
                break;
            }

            items[i] = items[parent];
            i = parent;
        }

        items[i] = new Neighbor(distance, id);
    }

    public Neighbor Pop()
    {
        var items = _items;
        var top = items[0];
        var last = items[--Count];
        if (Count > 0)
        {
            SiftDown(items, last, Count);
        }

        return top;
    }

    /// <summary>Replaces the top with a new item (a pop and a push in one sift).</summary>
    public void ReplaceTop(float distance, int id) => SiftDown(_items, new Neighbor(distance, id), Count);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void SiftDown(Neighbor[] items, Neighbor item, int count)
    {
        var i = 0;
        while (true)
        {
            var child = (2 * i) + 1;
            if (child >= count)
            {
                break;
            }

            var right = child + 1;
            if (right < count)
            {
                // A select rather than a branch: which child wins is a coin toss the predictor cannot learn.
                child = TOrder.Above(items[right].Distance, items[child].Distance) ? right : child;
            }

            if (!TOrder.Above(items[child].Distance, item.Distance))
            {
                break;
            }

            items[i] = items[child];
            i = child;
        }

        items[i] = item;
    }
}
