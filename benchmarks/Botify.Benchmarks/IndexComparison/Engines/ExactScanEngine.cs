using System.Diagnostics;
using Botify.Index.Hnsw;
using Botify.Index.Mips;

namespace Botify.Benchmarks.IndexComparison.Engines;

/// <summary>
/// The exact one-thread SIMD scan (<see cref="ExactSearch"/>) over [x; b] rows: the floor every
/// graph must beat by two orders of magnitude at a million items.
/// </summary>
internal sealed class ExactScanEngine : IIndexEngine
{
    private BenchmarkData? _data;
    private SearchHit[] _hits = [];

    public string Name => "exact-scan";

    public bool SweepsEf => false;

    public double BuildSeconds { get; private set; }

    public long MemoryBytes => (long)(_data?.LiftedItems.Length ?? 0) * sizeof(float);

    public string BuildNotes => "no index: raw [x; b] rows, TensorPrimitives.Dot per row, one thread";

    public void Build(BenchmarkData data, IndexRunSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var stopwatch = Stopwatch.StartNew();
        _data = data;
        _hits = new SearchHit[settings.K];
        BuildSeconds = stopwatch.Elapsed.TotalSeconds;
    }

    public void SetEf(int ef)
    {
    }

    public int Search(int query, Span<int> ids, out int visited)
    {
        var data = _data!;
        var found = ExactSearch.Search(data.LiftedItems, data.LiftedDimension, data.LiftedQuery(query), ids.Length, default(AllowAll), _hits);
        for (var i = 0; i < found; i++)
        {
            ids[i] = _hits[i].Id;
        }

        visited = data.Items.Rows;
        return found;
    }

    public void Dispose()
    {
    }
}
