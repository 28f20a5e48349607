using System.Diagnostics;
using System.Globalization;
using Botify.Benchmarks.IndexComparison.Reporting;
using Botify.Index.Hnsw;
using Botify.Index.Mips;

namespace Botify.Benchmarks.IndexComparison.Engines;

/// <summary>
/// Botify's own HNSW (<see cref="InnerProductIndex"/>) with one of the two MIPS reductions, walking the
/// graph on 8-bit codes (the default) or on the float vectors.
/// </summary>
internal sealed class BotifyHnswEngine(MipsReduction reduction, bool quantizedWalk) : IIndexEngine
{
    private InnerProductIndex? _index;
    private BenchmarkData? _data;
    private SearchHit[] _hits = [];
    private int _ef = 10;

    public string Name => (reduction, quantizedWalk) switch
    {
        (MipsReduction.InnerProduct, true) => "botify-hnsw",
        (MipsReduction.InnerProduct, false) => "botify-hnsw-f32",
        (_, true) => "botify-hnsw-xdim",
        _ => "botify-hnsw-xdim-f32",
    };

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
        string reuse;
        if (_lastBuild is { } last && ReferenceEquals(last.Data, data) && last.Reduction == reduction && last.Parameters == parameters && last.Index.LocalityOrdered == settings.LocalityOrder)
        {
            // The float and the code walks search one graph: build it once per run.
            (_index, BuildSeconds, LoadSeconds, var fileBytes) = (last.Index, last.BuildSeconds, last.LoadSeconds, last.FileBytes);
            reuse = string.Create(CultureInfo.InvariantCulture, $"the graph built for {last.Engine} (saved, {fileBytes / 1e6:F0} MB, and loaded in {LoadSeconds:F2} s)");
        }
        else if (settings.GraphFile is { } file && TryLoadKept(file, data, settings) is { } kept)
        {
            (_index, BuildSeconds) = kept;
            LoadSeconds = _index.Graph.BuildSeconds;
            _lastBuild = new LastBuild(data, reduction, parameters, Name, _index, BuildSeconds, LoadSeconds, new FileInfo(file).Length);
            reuse = string.Create(CultureInfo.InvariantCulture, $"graph loaded from {file} in {LoadSeconds:F2} s (built by an earlier run in {BuildSeconds:F1} s)");
        }
        else
        {
            var stopwatch = Stopwatch.StartNew();
            _index = InnerProductIndex.Build(data.Items, data.Bias, reduction, parameters, settings.LocalityOrder);
            BuildSeconds = stopwatch.Elapsed.TotalSeconds;
            var (loadSeconds, fileBytes) = SaveAndLoad(data, settings.K);
            LoadSeconds = loadSeconds;
            _lastBuild = new LastBuild(data, reduction, parameters, Name, _index, BuildSeconds, loadSeconds, fileBytes);
            if (settings.GraphFile is { } keep)
            {
                _index.Save(keep, KeptVersion(settings));
                File.WriteAllText(keep + ".build-seconds", BuildSeconds.ToString("R", CultureInfo.InvariantCulture));
            }
            reuse = string.Create(CultureInfo.InvariantCulture,
                $"graph saved ({fileBytes / 1e6:F0} MB) and loaded in {loadSeconds:F2} s, {BuildSeconds / loadSeconds:F0}x faster than building, answers identical");
        }

        _index.Graph.QuantizedWalk = quantizedWalk;
        var hugePages = MachineInfo.HugePageMegabytes() is { } megabytes ? string.Create(CultureInfo.InvariantCulture, $"; {megabytes} MB of the process on 2 MB pages") : "";
        BuildNotes = string.Create(CultureInfo.InvariantCulture,
            $"{reduction}, {(quantizedWalk ? "walk on 8-bit codes, rescored with floats" : "walk on floats")}, {(_index.LocalityOrdered ? "items in locality order, " : "")}parallel insertion on {settings.Threads} threads, {_index.StoredDimension} floats per stored vector; {reuse}{hugePages}");
    }

    private static LastBuild? _lastBuild;

    /// <summary>The model version a kept graph is saved under: the data's and the graph's settings.</summary>
    private string KeptVersion(IndexRunSettings s) => string.Create(CultureInfo.InvariantCulture,
        $"bench:{reduction}:n={s.Vectors}:d={s.Dimension}:seed={s.Seed}:clusters={s.Clusters}:m={s.M}:efc={s.EfConstruction}:threads={s.Threads}{(s.LocalityOrder ? ":locality" : "")}{(s.DataLabel is { } data ? ":data=" + data : "")}");

    private (InnerProductIndex Index, double BuildSeconds)? TryLoadKept(string file, BenchmarkData data, IndexRunSettings settings)
    {
        if (!File.Exists(file) || !File.Exists(file + ".build-seconds"))
        {
            return null;
        }

        try
        {
            var index = InnerProductIndex.Load(file, data.Items, data.Bias, KeptVersion(settings));
            return (index, double.Parse(File.ReadAllText(file + ".build-seconds"), CultureInfo.InvariantCulture));
        }
        catch (Exception e) when (e is InvalidDataException or Botify.Shared.Data.DataFileException or FormatException)
        {
            Console.Error.WriteLine($"index: {file} does not hold this run's graph ({e.Message}); building it");
            return null;
        }
    }

    private sealed record LastBuild(BenchmarkData Data, MipsReduction Reduction, HnswParameters Parameters, string Engine, InnerProductIndex Index, double BuildSeconds, double LoadSeconds, long FileBytes);

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
