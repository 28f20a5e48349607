using System.Globalization;
using System.Text.Json;
using Botify.Benchmarks.IndexComparison.Engines;
using Botify.Benchmarks.IndexComparison.Reporting;
using Botify.Index.Mips;

namespace Botify.Benchmarks.IndexComparison;

/// <summary>
/// The end-to-end comparison: one data set (generated, or read by <see cref="ProblemSource"/>), the exact answers once (all cores), then each
/// engine built on it and swept over ef on one query thread. Engines run one at a time and are freed
/// before the next is built, so none measures with another's memory in the caches.
/// </summary>
internal static class IndexBenchmark
{
    /// <summary>
    /// Every engine, in the order they run. The exact scan runs right after Botify's graph, so the
    /// "× exact scan" column divides two rows measured a minute apart, not ten: this host's memory
    /// speed drifts over minutes, and the walk and the scan do not drift together.
    /// </summary>
    public static readonly IReadOnlyList<string> EngineNames = ["botify-hnsw", "exact-scan", "botify-hnsw-f32", "botify-hnsw-xdim", "usearch"];

    public static IndexReport Run(IndexRunSettings settings, FileInfo? output)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var log = new RunLog();
        var loadAtStart = MachineInfo.LoadAverage();
        if (loadAtStart > Environment.ProcessorCount)
        {
            log.Step(Invariant($"warning: load average {loadAtStart:F1} on {Environment.ProcessorCount} cores; other processes will show in the figures"));
        }

        (settings, var data, var truth) = ProblemSource.Obtain(settings, log);

        Botify.Index.Hnsw.HugePages.Enabled = settings.HugePages;
        var timer = new QueryTimer(truth, settings.K, settings.Passes);
        var results = new List<EngineResult>();
        var notes = new Dictionary<string, string>(StringComparer.Ordinal);
        string? usearchSimd = null;
        foreach (var name in EngineNames.Where(settings.Engines.Contains))
        {
            using var engine = Create(name);
            log.Step(Invariant($"building {name}"));
            engine.Build(data, settings);
            notes[name] = engine.BuildNotes;
            var bytesPerVector = engine.MemoryBytes / (double)settings.Vectors;
            log.Step(Invariant($"built {name} in {engine.BuildSeconds:F1} s, {bytesPerVector:N0} bytes per vector"));
            if (engine is USearchEngine usearch)
            {
                usearchSimd = usearch.HardwareAcceleration;
            }

            var queries = engine.SweepsEf ? settings.Queries : Math.Min(settings.Queries, settings.ExactQueries);
            var efs = engine.SweepsEf ? settings.EfValues.Select(e => (int?)e).ToList() : [null];
            var measurements = engine.SweepsEf
                ? timer.MeasureSweep(engine, settings.EfValues, queries)
                : [timer.Measure(engine, queries, Math.Min(queries, 10))];
            for (var row = 0; row < efs.Count; row++)
            {
                var ef = efs[row];
                var measured = measurements[row];
                double? wrapperQps = null;
                double? serialized = null;
                if (engine is USearchEngine wrapped)
                {
                    serialized = Math.Round(wrapped.SerializedBytes / (double)settings.Vectors, 1);
                    wrapped.UseWrapperSearch = true;
                    engine.SetEf(ef ?? 0);
                    wrapperQps = Math.Round(timer.Measure(engine, queries, queries).Qps, 1);
                    wrapped.UseWrapperSearch = false;
                }

                results.Add(new EngineResult
                {
                    Engine = name,
                    Ef = ef,
                    RecallAt10 = Math.Round(measured.Recall, 4),
                    Qps = Math.Round(measured.Qps, 1),
                    BuildSeconds = Math.Round(engine.BuildSeconds, 2),
                    BytesPerVector = Math.Round(bytesPerVector, 1),
                    P50Micros = Math.Round(measured.P50Micros, 1),
                    P99Micros = Math.Round(measured.P99Micros, 1),
                    Visited = measured.Visited is { } v ? Math.Round(v, 1) : null,
                    AllocatedBytesPerQuery = Math.Round(measured.AllocatedBytesPerQuery, 1),
                    WrapperQps = wrapperQps,
                    SerializedBytesPerVector = serialized,
                    Queries = queries,
                    BuildThreads = settings.Threads,
                });
                log.Step(Invariant($"{name} ef {(ef is null ? "-" : ef.Value.ToString(CultureInfo.InvariantCulture))}: recall {measured.Recall:F4}, {measured.Qps:N0} qps"));
            }
        }

        var report = new IndexReport
        {
            Vectors = settings.Vectors,
            Dim = settings.Dimension,
            Results = results,
            Queries = settings.Queries,
            K = settings.K,
            M = settings.M,
            EfConstruction = settings.EfConstruction,
            Seed = settings.Seed,
            Clusters = settings.Clusters,
            QueryClusters = settings.QueryClusters,
            QueryMode = settings.DataDirectory is not null ? "npy" : settings.BundleDirectory is not null ? "bundle" : settings.QueriesNearItems ? "items" : "clusters",
            Data = settings.DataLabel ?? "generated",
            BuildThreads = settings.Threads,
            GroundTruthSeconds = Math.Round(truth.Seconds, 2),
            Passes = settings.Passes,
            HugePages = settings.HugePages,
            LocalityOrder = settings.LocalityOrder,
            LoadAverageStart = loadAtStart,
            LoadAverageEnd = MachineInfo.LoadAverage(),
            BuildNotes = notes,
            SameRecall = [.. RecallTarget.Best(results, 0.95), .. RecallTarget.Best(results, 0.99)],
            Machine = MachineInfo.Describe(usearchSimd),
            CreatedUtc = TimeProvider.System.GetUtcNow(),
        };

        ResultTable.Write(report);
        if (output is not null)
        {
            output.Directory?.Create();
            File.WriteAllText(output.FullName, JsonSerializer.Serialize(report, ReportJsonContext.Default.IndexReport) + "\n");
            log.Step($"wrote {output.FullName}");
        }

        log.Step(Invariant($"done in {log.ElapsedSeconds:F0} s"));
        return report;
    }

    private static IIndexEngine Create(string name) => name switch
    {
        "botify-hnsw" => new BotifyHnswEngine(MipsReduction.InnerProduct, quantizedWalk: true),
        "botify-hnsw-f32" => new BotifyHnswEngine(MipsReduction.InnerProduct, quantizedWalk: false),
        "botify-hnsw-xdim" => new BotifyHnswEngine(MipsReduction.ExtraDimension, quantizedWalk: true),
        "usearch" => new USearchEngine(),
        "exact-scan" => new ExactScanEngine(),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "unknown engine"),
    };

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
