namespace Botify.Index.Hnsw;

/// <summary>A node id and its distance (-inner product) to the current query.</summary>
internal readonly record struct Neighbor(float Distance, int Id);
