namespace Botify.Index.Hnsw;

/// <summary>A node in a search's pool: its distance to the query, whether it may be returned, and whether its links were followed.</summary>
internal struct PoolEntry(float distance, int id, bool allowed)
{
    public float Distance = distance;

    public int Id = id;

    public bool Allowed = allowed;

    public bool Expanded;
}
