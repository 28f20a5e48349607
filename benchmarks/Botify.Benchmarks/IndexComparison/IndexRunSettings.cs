namespace Botify.Benchmarks.IndexComparison;

/// <summary>What one <c>index</c> run builds and measures (parsed and checked by the command).</summary>
internal sealed record IndexRunSettings
{
    public required int Vectors { get; init; }

    public required int Dimension { get; init; }

    public required int Queries { get; init; }

    public required int K { get; init; }

    public required int M { get; init; }

    public required int EfConstruction { get; init; }

    public required IReadOnlyList<int> EfValues { get; init; }

    public required int Seed { get; init; }

    /// <summary>Build threads for every engine; the command turns 0 into the core count.</summary>
    public required int Threads { get; init; }

    public required int Clusters { get; init; }

    public required int QueryClusters { get; init; }

    /// <summary>
    /// False (default): queries drawn around their own cluster centres, unrelated to the items'.
    /// True: each query is a perturbed item direction, as a context vector trained next to its track's.
    /// </summary>
    public bool QueriesNearItems { get; init; }

    public required IReadOnlySet<string> Engines { get; init; }

    public required bool USearchParallelBuild { get; init; }

    /// <summary>Queries timed for the one-thread brute-force row (it costs a full scan each).</summary>
    public required int ExactQueries { get; init; }

    /// <summary>
    /// Where Botify's graph is kept between runs: loaded when the file holds a graph of this data and
    /// these parameters, else built and saved there. Null: built every run.
    /// </summary>
    public string? GraphFile { get; init; }

    /// <summary>Whether Botify's graph arrays are advised for 2 MB pages (<see cref="Botify.Index.Hnsw.HugePages"/>).</summary>
    public bool HugePages { get; init; } = true;

    /// <summary>Whether Botify stores and inserts the items in <see cref="Botify.Index.Mips.LocalityOrder"/> (the index's default) or in id order.</summary>
    public bool LocalityOrder { get; init; } = true;

    /// <summary>Timed passes over the queries per engine and ef; the fastest is reported.</summary>
    public int Passes { get; init; } = 3;

    /// <summary>Read the problem from this <see cref="ProblemFolder"/> instead of generating it (<c>--data</c>).</summary>
    public string? DataDirectory { get; init; }

    /// <summary>Take the problem from this model bundle's tracks and context vectors (<c>--bundle</c>).</summary>
    public string? BundleDirectory { get; init; }

    /// <summary>Write the problem and its ground truth as a <see cref="ProblemFolder"/> here (<c>--save-data</c>).</summary>
    public string? SaveDirectory { get; init; }

    /// <summary>Where a problem not generated came from (set once it is read); null for generated data.</summary>
    public string? DataLabel { get; init; }
}
