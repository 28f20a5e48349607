using System.CommandLine;
using System.Globalization;
using Botify.Benchmarks.IndexComparison;
using Botify.Shared.Data;

namespace Botify.Benchmarks.Commands;

/// <summary><c>index</c>: Botify's HNSW, USearch and the exact scan on the same data (generated, read from .npy files or from a model bundle), swept over ef.</summary>
internal static class IndexCommand
{
    public static Command Create()
    {
        var vectors = new Option<int>("--vectors") { Description = "Items to index (N).", DefaultValueFactory = _ => 100_000 };
        var dimension = new Option<int>("--dim") { Description = "Embedding dimension d (the engines index d + 1 floats: the bias rides along).", DefaultValueFactory = _ => 64 };
        var queries = new Option<int>("--queries") { Description = "Query vectors, each timed once per ef.", DefaultValueFactory = _ => 1000 };
        var k = new Option<int>("--k") { Description = "Results per query; recall is measured at k.", DefaultValueFactory = _ => 10 };
        var output = new Option<FileInfo?>("--out") { Description = "Write the results as JSON here (folders are created)." };
        var m = new Option<int>("--m") { Description = "Graph links per node (USearch: connectivity), 2..128.", DefaultValueFactory = _ => 16 };
        var efConstruction = new Option<int>("--ef-construction") { Description = "Build breadth (USearch: expansionAdd).", DefaultValueFactory = _ => 200 };
        var ef = new Option<string>("--ef") { Description = "Comma-separated search breadths to sweep (USearch: expansionSearch).", DefaultValueFactory = _ => "10,20,40,80,160,320" };
        var seed = new Option<int>("--seed") { Description = "Seed of the data and of the graph's level draws.", DefaultValueFactory = _ => 42 };
        var threads = new Option<int>("--threads") { Description = "Build threads for every engine; 0 = all cores. Queries always run on one thread.", DefaultValueFactory = _ => 0 };
        var clusters = new Option<int>("--clusters") { Description = "Item cluster centres; 0 = one per 200 items (as the tests).", DefaultValueFactory = _ => 0 };
        var queryClusters = new Option<int>("--query-clusters") { Description = "Query cluster centres; 0 = as many as the items have.", DefaultValueFactory = _ => 0 };
        var queryMode = new Option<string>("--query-mode") { Description = "clusters: queries around their own centres, unrelated to the items' (harder); items: each query a perturbed item direction, as a context vector trained beside its track's.", DefaultValueFactory = _ => "clusters" };
        queryMode.AcceptOnlyFromAmong("clusters", "items");
        var engines = new Option<string>("--engines") { Description = "Comma-separated engines to run: " + string.Join(",", IndexBenchmark.EngineNames) + ".", DefaultValueFactory = _ => string.Join(",", IndexBenchmark.EngineNames) };
        var usearchBuild = new Option<string>("--usearch-build") { Description = "parallel: reserve through usearch_reserve, then add on all build threads; serial: add on one thread, no reservation.", DefaultValueFactory = _ => "parallel" };
        usearchBuild.AcceptOnlyFromAmong("parallel", "serial");
        var exactQueries = new Option<int>("--exact-queries") { Description = "Queries timed for the one-thread exact scan row (each is a full scan).", DefaultValueFactory = _ => 200 };
        var graphFile = new Option<string?>("--graph-file") { Description = "Keep Botify's graph in this file between runs: loaded when it holds a graph of the same data and parameters (the build time reported is the one recorded with it), else built and saved there." };
        var hugePages = new Option<string>("--huge-pages") { Description = "on: advise Botify's graph arrays for 2 MB pages (the fastest on an idle host); off: 4 KB pages, as the index service's default.", DefaultValueFactory = _ => "on" };
        hugePages.AcceptOnlyFromAmong("on", "off");
        var locality = new Option<string>("--locality") { Description = "on: Botify stores and inserts the items in locality order (the index's default); off: in id order.", DefaultValueFactory = _ => "on" };
        locality.AcceptOnlyFromAmong("on", "off");
        var saveData = new Option<string?>("--save-data") { Description = "Also write the problem to this folder as .npy files (items, bias, queries, ground_truth) with a README and meta.json, for faiss, hnswlib or USearch in Python." };
        var data = new Option<string?>("--data") { Description = "Read the problem from a folder --save-data wrote (or one laid out the same; bias.npy optional, ground_truth.npy used when it has at least --k ids a query) instead of generating it; --queries caps the queries read." };
        var bundle = new Option<string?>("--bundle") { Description = "Benchmark on a trained model bundle: its track vectors and biases as the items, a seeded sample of --queries of its context vectors as the queries." };
        var passes = new Option<int>("--passes") { Description = "Timed passes over the queries per engine and ef; the fastest pass is reported (the others mostly measure other processes).", DefaultValueFactory = _ => 3 };

        var command = new Command("index", "Builds Botify's HNSW (inner product and extra-dimension variants), USearch and an exact SIMD scan on the same clustered vectors with varying norms and a bias per item; prints recall@k, one-thread queries/s, latency, build time and memory per engine and ef.")
        {
            vectors, dimension, queries, k, output, m, efConstruction, ef, seed, threads, clusters, queryClusters, queryMode, engines, usearchBuild, exactQueries, passes, graphFile, hugePages, locality, saveData, data, bundle,
        };
        command.SetAction(parse =>
        {
            var efValues = ParseList(parse.GetValue(ef)!, int.Parse);
            var engineSet = ParseList(parse.GetValue(engines)!, (name, _) => name)!.ToHashSet(StringComparer.Ordinal);
            var n = parse.GetValue(vectors);
            var settings = new IndexRunSettings
            {
                Vectors = n,
                Dimension = parse.GetValue(dimension),
                Queries = parse.GetValue(queries),
                K = parse.GetValue(k),
                M = parse.GetValue(m),
                EfConstruction = parse.GetValue(efConstruction),
                EfValues = efValues ?? [],
                Seed = parse.GetValue(seed),
                Threads = parse.GetValue(threads) is > 0 and var t ? t : Environment.ProcessorCount,
                Clusters = parse.GetValue(clusters) is > 0 and var c ? c : Math.Max(1, n / 200),
                QueryClusters = parse.GetValue(queryClusters),
                QueriesNearItems = parse.GetValue(queryMode) == "items",
                Engines = engineSet,
                USearchParallelBuild = parse.GetValue(usearchBuild) == "parallel",
                ExactQueries = parse.GetValue(exactQueries),
                Passes = parse.GetValue(passes),
                GraphFile = parse.GetValue(graphFile),
                HugePages = parse.GetValue(hugePages) == "on",
                LocalityOrder = parse.GetValue(locality) == "on",
                SaveDirectory = parse.GetValue(saveData),
                DataDirectory = parse.GetValue(data),
                BundleDirectory = parse.GetValue(bundle),
            };
            settings = settings with { QueryClusters = settings.QueryClusters > 0 ? settings.QueryClusters : settings.Clusters };

            Option[] generatorOnly = [vectors, dimension, clusters, queryClusters, queryMode];
            var generatorGiven = generatorOnly.Where(o => parse.GetResult(o) is { Implicit: false }).Select(o => o.Name).ToList();
            var problem = Validate(settings, efValues, engineSet) ?? ValidateSource(settings, generatorGiven);
            if (problem is not null)
            {
                Console.Error.WriteLine($"index: {problem}");
                return 2;
            }

            try
            {
                IndexBenchmark.Run(settings, parse.GetValue(output));
            }
            catch (DataFileException e)
            {
                Console.Error.WriteLine($"index: {e.Message}");
                return 2;
            }

            return 0;
        });
        return command;
    }

    private static string? Validate(IndexRunSettings s, List<int>? efValues, HashSet<string> engines)
    {
        var generated = s.DataDirectory is null && s.BundleDirectory is null;
        if (s.Vectors < 1 || s.Dimension is < 1 or > 4096 || s.Queries < 1 || s.K < 1 || (generated && s.K > s.Vectors))
        {
            return "--vectors, --queries and --k must be at least 1 (k at most N), --dim in 1..4096";
        }

        if (s.M is < 2 or > 128 || s.EfConstruction is < 1 or > 10_000 || s.ExactQueries < 1 || s.Passes is < 1 or > 100)
        {
            return "--m must be in 2..128, --ef-construction in 1..10000, --exact-queries at least 1, --passes in 1..100";
        }

        if (efValues is null || efValues.Count == 0 || efValues.Any(e => e is < 1 or > 10_000))
        {
            return "--ef must be a comma-separated list of integers in 1..10000";
        }

        var unknown = engines.Where(e => !IndexBenchmark.EngineNames.Contains(e)).ToList();
        if (engines.Count == 0 || unknown.Count > 0)
        {
            return $"--engines takes a comma-separated subset of {string.Join(",", IndexBenchmark.EngineNames)} (unknown: {string.Join(",", unknown)})";
        }

        return null;
    }

    /// <summary>--data and --bundle exclude each other and the generator's options.</summary>
    private static string? ValidateSource(IndexRunSettings s, List<string> generatorGiven)
    {
        if (s.DataDirectory is not null && s.BundleDirectory is not null)
        {
            return "--data and --bundle exclude each other";
        }

        if ((s.DataDirectory ?? s.BundleDirectory) is not null && generatorGiven.Count > 0)
        {
            return $"{string.Join(", ", generatorGiven)} describe generated data; with {(s.DataDirectory is not null ? "--data" : "--bundle")} the problem's own vectors are used";
        }

        return null;
    }

    /// <summary>Splits "a,b,c"; null when an element does not parse.</summary>
    private static List<T>? ParseList<T>(string text, Func<string, IFormatProvider, T> parse)
    {
        var list = new List<T>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            try
            {
                list.Add(parse(part, CultureInfo.InvariantCulture));
            }
            catch (FormatException)
            {
                return null;
            }
            catch (OverflowException)
            {
                return null;
            }
        }

        return list;
    }
}
