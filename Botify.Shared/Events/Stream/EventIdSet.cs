namespace Botify.Shared.Events.Stream;

/// <summary>
/// The event ids a read has met, about 28 bytes each instead of a string's 100: the API's ids kept as their two
/// 64-bit numbers (<see cref="StreamEventId.TryUnpack"/>), any other id as its string.
/// </summary>
internal sealed class EventIdSet
{
    private readonly HashSet<(ulong Instance, ulong Sequence)> _packed = [];
    private HashSet<string>? _other;

    /// <summary>Adds <paramref name="id"/>; false when it was met already.</summary>
    public bool Add(string id) =>
        StreamEventId.TryUnpack(id, out var numbers) ? _packed.Add(numbers) : (_other ??= new HashSet<string>(StringComparer.Ordinal)).Add(id);
}
