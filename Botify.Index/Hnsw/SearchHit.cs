namespace Botify.Index.Hnsw;

/// <summary>One search result: a vector id and its inner product with the query.</summary>
public readonly record struct SearchHit(int Id, float Score);
