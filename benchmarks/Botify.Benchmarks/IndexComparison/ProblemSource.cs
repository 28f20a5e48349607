using System.Globalization;

namespace Botify.Benchmarks.IndexComparison;

/// <summary>
/// Where a run's problem comes from: generated (the default), read from a <see cref="ProblemFolder"/>
/// (<c>--data</c>) or taken from a model bundle (<c>--bundle</c>); then its ground truth (read or
/// computed), and the folder written when <c>--save-data</c> asks for it.
/// </summary>
internal static class ProblemSource
{
    /// <summary>The problem, its ground truth, and the settings with the problem's own N, d and query count.</summary>
    /// <exception cref="Botify.Shared.Data.DataFileException">A file to read is missing or wrong, or one to write cannot be.</exception>
    public static (IndexRunSettings Settings, BenchmarkData Data, GroundTruth Truth) Obtain(IndexRunSettings settings, RunLog log)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(log);
        BenchmarkData data;
        GroundTruth? truth = null;
        string description;
        if (settings.DataDirectory is { } folder)
        {
            log.Step($"reading the problem from {Path.GetFullPath(folder)}");
            (data, truth, var note) = ProblemFolder.Load(folder, settings.Queries, settings.K);
            settings = Loaded(settings, data, $"npy {Path.GetFullPath(folder)}");
            description = settings.DataLabel!;
            log.Step(Invariant($"read {data.Items.Rows:N0} items of d = {data.Dimension} ({note})"));
        }
        else if (settings.BundleDirectory is { } bundle)
        {
            log.Step($"reading the model bundle {Path.GetFullPath(bundle)}");
            (data, var about) = BundleProblem.Load(bundle, settings.Queries, settings.Seed);
            if (data.Items.Rows < settings.K)
            {
                throw new Botify.Shared.Data.DataFileException(bundle, Invariant($"holds {data.Items.Rows} tracks, fewer than --k {settings.K}"));
            }

            settings = Loaded(settings, data, $"bundle {Path.GetFullPath(bundle)}");
            description = $"{settings.DataLabel} ({about})";
            log.Step(about);
        }
        else
        {
            description = Invariant($"generated: {settings.Vectors} items, d = {settings.Dimension}, {settings.Clusters} item clusters, {(settings.QueriesNearItems ? "queries near items" : Invariant($"{settings.QueryClusters} query clusters"))}, seed {settings.Seed}");
            log.Step(Invariant($"generating {settings.Vectors:N0} items and {settings.Queries:N0} queries (d = {settings.Dimension}, {settings.Clusters} item clusters, {(settings.QueriesNearItems ? "queries near items" : Invariant($"{settings.QueryClusters} query clusters"))}, seed {settings.Seed})"));
            data = BenchmarkData.Generate(settings);
        }

        if (truth is null)
        {
            log.Step("exact top-k of every query (the ground truth), on all cores");
            truth = GroundTruth.Compute(data, settings.K);
            log.Step(Invariant($"ground truth in {truth.Seconds:F1} s"));
        }

        if (settings.SaveDirectory is { } save)
        {
            ProblemFolder.Save(save, data, truth, description);
            log.Step($"wrote the problem as .npy files to {Path.GetFullPath(save)}");
        }

        return (settings, data, truth);
    }

    private static IndexRunSettings Loaded(IndexRunSettings settings, BenchmarkData data, string label) => settings with
    {
        Vectors = data.Items.Rows,
        Dimension = data.Dimension,
        Queries = data.Queries.Rows,
        Clusters = 0,
        QueryClusters = 0,
        DataLabel = label,
    };

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
