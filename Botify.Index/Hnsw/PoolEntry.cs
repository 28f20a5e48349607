namespace Botify.Index.Hnsw;

/// <summary>
/// A node in a search's pool: whether it may be returned and whether its links were followed. Its
/// distance sits at the same place in <see cref="SearchScratch.PoolDistances"/>, where vector
/// compares count a new node's place.
/// </summary>
internal struct PoolEntry(int id, bool allowed)
{
    public int Id = id;

    public bool Allowed = allowed;

    public bool Expanded;
}
