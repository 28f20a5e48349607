namespace Botify.Benchmarks.IndexComparison.Engines;

/// <summary>
/// One engine under comparison. The runner builds it, then for each ef sets the breadth and times
/// one query after another on one thread.
/// </summary>
internal interface IIndexEngine : IDisposable
{
    /// <summary>Name in the table and the JSON.</summary>
    string Name { get; }

    /// <summary>False for an exact scan, which has no breadth to sweep.</summary>
    bool SweepsEf { get; }

    /// <summary>Wall time of the build, set by <see cref="Build"/>.</summary>
    double BuildSeconds { get; }

    /// <summary>Memory the built index holds, vectors included.</summary>
    long MemoryBytes { get; }

    /// <summary>How it was built, for the report (threads, reservation).</summary>
    string BuildNotes { get; }

    void Build(BenchmarkData data, IndexRunSettings settings);

    void SetEf(int ef);

    /// <summary>The ids of the top-<c>ids.Length</c> items for one query, best first.</summary>
    /// <param name="query">Index of the query in <see cref="BenchmarkData.Queries"/>.</param>
    /// <param name="ids">Receives the ids.</param>
    /// <param name="visited">Nodes whose distance was computed, or -1 when the engine does not say.</param>
    /// <returns>How many ids were written.</returns>
    int Search(int query, Span<int> ids, out int visited);
}
