using System.Diagnostics.CodeAnalysis;
using BenchmarkDotNet.Attributes;
using Botify.Benchmarks.IndexComparison;
using Botify.Benchmarks.IndexComparison.Engines;
using Botify.Index.Mips;

namespace Botify.Benchmarks.Kernels;

/// <summary>
/// One top-10 query on 20,000 items (d = 64 plus bias, M = 16, efConstruction = 200), cycling over
/// 256 queries, through the same engine adapters as the <c>index</c> command. The memory diagnoser
/// is the point for Botify's row: a query must allocate 0 B. USearch is shown through its C call
/// (buffers owned by the caller) and through the C# wrapper's Search, which allocates its results.
/// </summary>
[MemoryDiagnoser]
[SuppressMessage("Performance", "CA1515:Consider making public types internal", Justification = "BenchmarkDotNet runs public classes only.")]
public class OneQuerySearchBenchmarks : IDisposable
{
    private const int QueryCount = 256;
    private readonly int[] _ids = new int[10];
    private IIndexEngine? _engine;
    private int _next;

    [Params(40, 160)]
    public int Ef { get; set; }

    [GlobalSetup(Target = nameof(BotifyHnsw))]
    public void SetupBotify() => Setup(new BotifyHnswEngine(MipsReduction.InnerProduct, quantizedWalk: true));

    [GlobalSetup(Targets = [nameof(USearchNative), nameof(USearchWrapper)])]
    public void SetupUSearch() => Setup(new USearchEngine());

    [GlobalSetup(Target = nameof(ExactScan))]
    public void SetupExact() => Setup(new ExactScanEngine());

    [Benchmark(Baseline = true)]
    public int BotifyHnsw() => _engine!.Search(NextQuery(), _ids, out _);

    [Benchmark]
    public int USearchNative()
    {
        ((USearchEngine)_engine!).UseWrapperSearch = false;
        return _engine.Search(NextQuery(), _ids, out _);
    }

    [Benchmark]
    public int USearchWrapper()
    {
        ((USearchEngine)_engine!).UseWrapperSearch = true;
        return _engine.Search(NextQuery(), _ids, out _);
    }

    [Benchmark]
    public int ExactScan() => _engine!.Search(NextQuery(), _ids, out _);

    [GlobalCleanup]
    public void Cleanup() => Dispose();

    public void Dispose()
    {
        _engine?.Dispose();
        _engine = null;
        GC.SuppressFinalize(this);
    }

    private int NextQuery() => _next++ & (QueryCount - 1);

    private void Setup(IIndexEngine engine)
    {
        var settings = new IndexRunSettings
        {
            Vectors = 20_000,
            Dimension = 64,
            Queries = QueryCount,
            K = _ids.Length,
            M = 16,
            EfConstruction = 200,
            EfValues = [Ef],
            Seed = 42,
            Threads = Environment.ProcessorCount,
            Clusters = 100,
            QueryClusters = 100,
            Engines = new HashSet<string>(StringComparer.Ordinal),
            USearchParallelBuild = true,
            ExactQueries = QueryCount,
        };
        engine.Build(BenchmarkData.Generate(settings), settings);
        engine.SetEf(Ef);
        _engine = engine;
    }
}
