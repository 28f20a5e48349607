using System.Diagnostics;
using System.Globalization;
using Botify.Index.Hnsw;
using Botify.Index.Mips;

namespace Botify.Benchmarks.IndexComparison.Engines;

/// <summary>Botify's own HNSW (<see cref="InnerProductIndex"/>) with one of the two MIPS reductions.</summary>
internal sealed class BotifyHnswEngine(MipsReduction reduction) : IIndexEngine
{
    private InnerProductIndex? _index;
    private BenchmarkData? _data;
    private SearchHit[] _hits = [];
    private int _ef = 10;

    public string Name => reduction == MipsReduction.InnerProduct ? "botify-hnsw" : "botify-hnsw-xdim";

    public bool SweepsEf => true;

    public double BuildSeconds { get; private set; }

    public long MemoryBytes => _index?.MemoryBytes ?? 0;

    public string BuildNotes { get; private set; } = "";

    public void Build(BenchmarkData data, IndexRunSettings settings)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(settings);
        _data = data;
        _hits = new SearchHit[settings.K];
        var parameters = new HnswParameters
        {
            M = settings.M,
            EfConstruction = settings.EfConstruction,
            Seed = settings.Seed,
            Threads = settings.Threads,
        };
        var stopwatch = Stopwatch.StartNew();
        _index = InnerProductIndex.Build(data.Items, data.Bias, reduction, parameters);
        BuildSeconds = stopwatch.Elapsed.TotalSeconds;
        BuildNotes = string.Create(CultureInfo.InvariantCulture, $"{reduction}, parallel insertion on {settings.Threads} threads, {_index.StoredDimension} floats per stored vector");
    }

    public void SetEf(int ef) => _ef = ef;

    public int Search(int query, Span<int> ids, out int visited)
    {
        var found = _index!.Search(_data!.Queries.Row(query), ids.Length, _ef, default(AllowAll), _hits, out visited);
        for (var i = 0; i < found; i++)
        {
            ids[i] = _hits[i].Id;
        }

        return found;
    }

    public void Dispose()
    {
        _index = null;
        _data = null;
    }
}
