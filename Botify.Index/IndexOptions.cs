using System.ComponentModel.DataAnnotations;
using Botify.Index.Mips;

namespace Botify.Index;

/// <summary>Settings of the index service, bound from the <c>Index</c> section (appsettings, environment <c>Index__X</c>, or <c>--Index:X=</c>).</summary>
public sealed class IndexOptions
{
    public const string Section = "Index";

    /// <summary>Model bundle to serve at start-up. Default: none (cold start until a Reload).</summary>
    public string? BundlePath { get; set; }

    /// <summary>Links per node on upper layers. Default 16, range 2..128.</summary>
    [Range(2, 128)]
    public int M { get; set; } = 16;

    /// <summary>Search breadth while building. Default 200, range 1..10000.</summary>
    [Range(1, 10_000)]
    public int EfConstruction { get; set; } = 200;

    /// <summary>Search breadth for queries that leave ef at 0 (at least k is used). Default 100, range 1..10000.</summary>
    [Range(1, 10_000)]
    public int EfSearch { get; set; } = 100;

    /// <summary>Seed of the graph's level draws. Default 42.</summary>
    public int Seed { get; set; } = 42;

    /// <summary>
    /// Threads that build a graph. Default 0: all cores but one (at least one), so a reload under load
    /// leaves searches a core instead of starving them (docs/operations/index-admin.md). Range 0..1024.
    /// </summary>
    [Range(0, 1024)]
    public int BuildThreads { get; set; }

    /// <summary>The build threads in force on a machine with <paramref name="processors"/> cores.</summary>
    public int EffectiveBuildThreads(int processors) => BuildThreads > 0 ? BuildThreads : Math.Max(1, processors - 1);

    /// <summary>
    /// How inner product is searched. Default Auto: ExtraDimension when the tracks' [t; b] norms are nearly
    /// equal (the Lab's trained models), else InnerProduct (generated vectors); see <see cref="MipsAuto"/>.
    /// </summary>
    public MipsReduction Mips { get; set; } = MipsReduction.Auto;

    /// <summary>
    /// Advise the graph's large arrays for 2 MB pages (<see cref="Hnsw.HugePages"/>). Default false: more queries
    /// a second, but where the kernel samples memory the first searches after each sample slow down, and the API's
    /// tail with them (docs/index.md#memory). Turn it on where throughput matters more than the tail.
    /// </summary>
    public bool HugePages { get; set; }

    /// <summary>
    /// Walk the graph on 8-bit codes of the tracks and rescore the best with the floats
    /// (<see cref="Hnsw.HnswGraph.QuantizedWalk"/>). Default true: more queries a second at the same recall, for
    /// 97 bytes a track more (docs/index.md#memory). False walks on the floats.
    /// </summary>
    public bool ByteWalk { get; set; } = true;

    /// <summary>Load the graph saved beside the bundle when it matches the model. Default true.</summary>
    public bool UseSavedGraph { get; set; } = true;

    /// <summary>Save a freshly built graph beside the bundle (skipped with a warning when the folder is read-only). Default true.</summary>
    public bool SaveGraph { get; set; } = true;

    /// <summary>
    /// Most work one <c>SearchBatch</c> call may ask for: the sum over its queries of max(k, ef), ef being the
    /// service default for a query that leaves it at 0. A batch over it is refused whole (RESOURCE_EXHAUSTED).
    /// Default 200,000 (about 0.2 s of one core; the API's largest batch, 64 queries at k 1000, is 64,000),
    /// range 1,000..10,000,000 (10,000,000 = 1,000 queries at ef 10,000, no cap).
    /// </summary>
    [Range(1_000, 10_000_000)]
    public long MaxBatchCost { get; set; } = 200_000;

    /// <summary>
    /// Token the admin methods (<c>Reload</c>) require as <c>authorization: Bearer &lt;token&gt;</c> metadata.
    /// Default none: no token is asked for, which suits an index reachable only on loopback or behind a
    /// network policy. At least 16 characters when set. See docs/operations/index-admin.md.
    /// </summary>
    [MinLength(16)]
    public string? AdminToken { get; set; }

    /// <summary>
    /// Folder every bundle must lie in (after resolving <c>..</c> and symbolic links); a relative <c>bundle_path</c>
    /// is taken from it, and the graph is written only inside it. Default none: any path, as before, but only
    /// regular files are opened either way. See docs/operations/index-admin.md.
    /// </summary>
    public string? ModelRoot { get; set; }

    /// <summary>
    /// Longest a reload may take to read a bundle and build or load its graph; past it the reload is refused
    /// and the next one may start (a stuck read cannot hold the reload lock). Default 10 minutes (a million
    /// tracks build in about 3), range 1 second..1 day.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00", ParseLimitsInInvariantCulture = true, ConvertValueInInvariantCulture = true)]
    public TimeSpan ReloadTimeout { get; set; } = TimeSpan.FromMinutes(10);
}
