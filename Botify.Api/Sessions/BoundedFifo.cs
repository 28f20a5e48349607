using System.Runtime.InteropServices;

namespace Botify.Api.Sessions;

/// <summary>
/// A first-in-first-out buffer of ids with a fixed capacity (the fatigue rules' <c>staleTracks</c> and
/// <c>staleArtists</c>). Capacities are small (tens), so a linear scan beats a hash set here.
/// </summary>
internal sealed class BoundedFifo
{
    private readonly List<int> _items;

    public BoundedFifo(int capacity, IEnumerable<int>? items = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        Capacity = capacity;
        _items = new List<int>(capacity);
        foreach (var item in items ?? [])
        {
            Add(item);
        }
    }

    public int Capacity { get; }

    public int Count => _items.Count;

    public bool IsFull => _items.Count >= Capacity;

    /// <summary>Oldest first.</summary>
    public IReadOnlyList<int> Items => _items;

    /// <summary><see cref="Items"/> without a copy; valid until the buffer next changes.</summary>
    public ReadOnlySpan<int> AsSpan() => CollectionsMarshal.AsSpan(_items);

    public bool Contains(int id) => _items.Contains(id);

    /// <summary>Adds <paramref name="id"/> at the new end, evicting the oldest when full. A zero-capacity buffer holds nothing.</summary>
    public void Add(int id)
    {
        if (Capacity == 0)
        {
            return;
        }

        if (_items.Count >= Capacity)
        {
            _items.RemoveAt(0);
        }

        _items.Add(id);
    }

    public void Clear() => _items.Clear();
}
