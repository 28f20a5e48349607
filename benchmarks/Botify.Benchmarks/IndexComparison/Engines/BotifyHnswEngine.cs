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
        var (loadSeconds, fileBytes) = SaveAndLoad(data, settings.K);
        BuildNotes = string.Create(CultureInfo.InvariantCulture,
            $"{reduction}, parallel insertion on {settings.Threads} threads, {_index.StoredDimension} floats per stored vector; graph saved ({fileBytes / 1e6:F0} MB) and loaded in {loadSeconds:F2} s, {BuildSeconds / loadSeconds:F0}x faster than building, answers identical");
        LoadSeconds = loadSeconds;
    }

    /// <summary>Seconds to load the saved graph (vectors lifted again and checksummed, links read and checked).</summary>
    public double LoadSeconds { get; private set; }

    /// <summary>
    /// Saves the graph, loads it back, and checks the loaded index answers the first queries exactly
    /// as the built one (the loaded copy then serves the timed queries).
    /// </summary>
    private (double Seconds, long Bytes) SaveAndLoad(BenchmarkData data, int k)
    {
        var path = Path.Combine(Path.GetTempPath(), $"botify-bench-{Environment.ProcessId}-{Name}.hnsw");
        try
        {
            _index!.Save(path, "benchmark");
            var bytes = new FileInfo(path).Length;
            var stopwatch = Stopwatch.StartNew();
            var loaded = InnerProductIndex.Load(path, data.Items, data.Bias, "benchmark");
            var seconds = stopwatch.Elapsed.TotalSeconds;
            var built = new SearchHit[k];
            var reloaded = new SearchHit[k];
            for (var q = 0; q < Math.Min(100, data.Queries.Rows); q++)
            {
                _index.Search(data.Queries.Row(q), k, 64, default(AllowAll), built, out _);
                loaded.Search(data.Queries.Row(q), k, 64, default(AllowAll), reloaded, out _);
                if (!built.AsSpan().SequenceEqual(reloaded))
                {
                    throw new InvalidOperationException($"the loaded graph answered query {q} differently from the built one");
                }
            }

            _index = loaded;
            return (seconds, bytes);
        }
        finally
        {
            File.Delete(path);
        }
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
