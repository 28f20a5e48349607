using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Botify.Shared.Data;
using Botify.Shared.Embeddings;
using Botify.Shared.Npy;

namespace Botify.Benchmarks.IndexComparison;

/// <summary>
/// A benchmark problem as <c>.npy</c> files, so outside tools (faiss, hnswlib, USearch in Python)
/// answer the very same vectors: <c>items.npy</c> (N × d float32), <c>bias.npy</c> (N float32),
/// <c>queries.npy</c> (Q × d float32), <c>ground_truth.npy</c> (Q × k int32, best first), with a
/// <c>README</c> and <c>meta.json</c> saying how they score. <c>index --save-data</c> writes one,
/// <c>index --data</c> reads one.
/// </summary>
internal static class ProblemFolder
{
    public const string ItemsFile = "items.npy";
    public const string BiasFile = "bias.npy";
    public const string QueriesFile = "queries.npy";
    public const string GroundTruthFile = "ground_truth.npy";

    /// <summary>Writes the problem, its ground truth and the README and meta.json describing them.</summary>
    /// <exception cref="DataFileException">A file could not be written.</exception>
    public static void Save(string directory, BenchmarkData data, GroundTruth truth, string source)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(truth);
        var path = directory;
        try
        {
            Directory.CreateDirectory(directory);
            NpyFile.Write(path = Path.Combine(directory, ItemsFile), data.Items);
            NpyFile.Write(path = Path.Combine(directory, BiasFile), data.Bias);
            NpyFile.Write(path = Path.Combine(directory, QueriesFile), data.Queries);
            NpyIds.Write(path = Path.Combine(directory, GroundTruthFile), truth.Ids, data.Queries.Rows, truth.K);
            File.WriteAllText(path = Path.Combine(directory, "meta.json"), Meta(data, truth.K, source));
            File.WriteAllText(path = Path.Combine(directory, "README"), Readme(data, truth.K, source));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DataFileException(path, $"cannot write it ({e.Message})", e);
        }
    }

    /// <summary>
    /// Reads a problem: the items, their biases (zeros when <c>bias.npy</c> is absent), the first
    /// <paramref name="maxQueries"/> queries, and the ground truth when <c>ground_truth.npy</c> is there
    /// with at least <paramref name="k"/> ids a query (else null: the caller computes it).
    /// </summary>
    /// <exception cref="DataFileException">A file is missing, of another dtype or shape, or holds a non-finite value or an id outside the items.</exception>
    public static (BenchmarkData Data, GroundTruth? Truth, string Note) Load(string directory, int maxQueries, int k)
    {
        if (!Directory.Exists(directory))
        {
            throw new DataFileException(directory, "folder not found");
        }

        var itemsPath = Path.Combine(directory, ItemsFile);
        var items = NpyFile.ReadTable(itemsPath);
        Require(itemsPath, items.Rows >= 1 && items.Dimension is >= 1 and <= 4096, $"shape ({items.Rows}, {items.Dimension}): needs at least one item and d in 1..4096");
        Require(itemsPath, items.Rows >= k, $"holds {items.Rows} items, fewer than --k {k}");
        RequireFinite(itemsPath, items);

        var biasPath = Path.Combine(directory, BiasFile);
        var bias = File.Exists(biasPath) ? NpyFile.ReadVector(biasPath) : new float[items.Rows];
        Require(biasPath, bias.Length == items.Rows, $"holds {bias.Length} biases for the {items.Rows} items of {ItemsFile}");
        var badBias = Array.FindIndex(bias, b => !float.IsFinite(b));
        Require(biasPath, badBias < 0, $"entry {badBias} is not finite");

        var queriesPath = Path.Combine(directory, QueriesFile);
        var allQueries = NpyFile.ReadTable(queriesPath);
        Require(queriesPath, allQueries.Rows >= 1 && allQueries.Dimension == items.Dimension,
            $"shape ({allQueries.Rows}, {allQueries.Dimension}): needs at least one query of the items' d = {items.Dimension}");
        var used = Math.Min(maxQueries, allQueries.Rows);
        var queries = used == allQueries.Rows ? allQueries : new EmbeddingTable(allQueries.Data[..(used * items.Dimension)].ToArray(), used, items.Dimension);
        RequireFinite(queriesPath, queries);
        var data = BenchmarkData.FromTables(items, bias, queries);
        var note = string.Create(CultureInfo.InvariantCulture, $"{used:N0} of the {allQueries.Rows:N0} queries{(File.Exists(biasPath) ? "" : $", no {BiasFile}: biases 0")}");

        var truthPath = Path.Combine(directory, GroundTruthFile);
        if (!File.Exists(truthPath))
        {
            return (data, null, note + $", no {GroundTruthFile}");
        }

        var (ids, rows, columns) = NpyIds.Read(truthPath);
        Require(truthPath, rows == allQueries.Rows && columns >= 1, $"shape ({rows}, {columns}) does not give ids for the {allQueries.Rows} queries of {QueriesFile}");
        var outside = Array.FindIndex(ids, id => (uint)id >= (uint)items.Rows);
        Require(truthPath, outside < 0, outside < 0 ? "" : string.Create(CultureInfo.InvariantCulture,
            $"row {outside / columns} column {outside % columns} holds id {ids[outside]}, outside the items 0..{items.Rows - 1}"));
        if (columns < k)
        {
            return (data, null, note + string.Create(CultureInfo.InvariantCulture, $", {GroundTruthFile} has k = {columns} < --k {k}"));
        }

        return (data, GroundTruth.FromIds(ids.AsSpan(0, used * columns), columns, k), note + string.Create(CultureInfo.InvariantCulture, $", ground truth read (k = {columns})"));
    }

    private static void Require(string path, bool condition, string fault)
    {
        if (!condition)
        {
            throw new DataFileException(path, fault);
        }
    }

    private static void RequireFinite(string path, EmbeddingTable table)
    {
        var at = table.IndexOfNonFinite();
        Require(path, at < 0, at < 0 ? "" : string.Create(CultureInfo.InvariantCulture,
            $"row {at / table.Dimension} column {at % table.Dimension} is {table.Data[(int)at]}; values must be finite"));
    }

    private static string Meta(BenchmarkData data, int k, string source)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("written_by", "Botify.Benchmarks index --save-data");
            json.WriteString("source", source);
            json.WriteNumber("items", data.Items.Rows);
            json.WriteNumber("dim", data.Dimension);
            json.WriteNumber("queries", data.Queries.Rows);
            json.WriteNumber("k", k);
            json.WriteString("score", "q . x_i + b_i (maximum inner product with a bias per item)");
            json.WriteString("lifted", "the same scores as a plain inner product in d + 1 dimensions: items [x_i; b_i], queries [q; 1]");
            json.WriteString("ground_truth", "exact top-k item ids per query by that score, best first (row i of ground_truth.npy is query i)");
            json.WriteStartObject("files");
            json.WriteString(ItemsFile, $"float32 ({data.Items.Rows}, {data.Dimension}), x_i");
            json.WriteString(BiasFile, $"float32 ({data.Items.Rows},), b_i");
            json.WriteString(QueriesFile, $"float32 ({data.Queries.Rows}, {data.Dimension}), q");
            json.WriteString(GroundTruthFile, $"int32 ({data.Queries.Rows}, {k}), item ids");
            json.WriteEndObject();
            json.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    private static string Readme(BenchmarkData data, int k, string source) => string.Create(CultureInfo.InvariantCulture, $$"""
        An index benchmark problem written by `Botify.Benchmarks index --save-data` ({{source}}).

          items.npy         float32 ({{data.Items.Rows}}, {{data.Dimension}})   item vectors x_i
          bias.npy          float32 ({{data.Items.Rows}},)   item biases b_i
          queries.npy       float32 ({{data.Queries.Rows}}, {{data.Dimension}})   query vectors q
          ground_truth.npy  int32   ({{data.Queries.Rows}}, {{k}})   exact top-{{k}} item ids of each query, best first

        The score of item i for query q is q . x_i + b_i, and the task is its top k (maximum inner
        product search with a bias). Lifted, it is a plain inner-product search in d + 1 = {{data.Dimension + 1}}
        dimensions: items [x_i; b_i], queries [q; 1]. Recall@k = |found ∩ ground truth row| / k.

          import numpy as np
          X, b, Q, gt = (np.load(f) for f in ("items.npy", "bias.npy", "queries.npy", "ground_truth.npy"))
          items = np.hstack([X, b[:, None]]).astype(np.float32)             # [x; b]
          queries = np.hstack([Q, np.ones((len(Q), 1), np.float32)])        # [q; 1]
          # faiss:   faiss.IndexHNSWFlat(items.shape[1], 16, faiss.METRIC_INNER_PRODUCT)
          # hnswlib: hnswlib.Index(space="ip", dim=items.shape[1])  (distance 1 - ip, same order)
          # usearch: usearch.index.Index(ndim=items.shape[1], metric="ip")
          # recall = np.mean([len(set(found[i][:k]) & set(gt[i][:k])) / k for i in range(len(Q))])

        Botify's own engines read it back with `Botify.Benchmarks index --data <this folder>`.

        """);
}
