using System.Diagnostics;
using Botify.Index.Hnsw;
using Botify.Index.Mips;

namespace Botify.Benchmarks.IndexComparison;

/// <summary>The exact top-k ids of every query (best first), computed once on all cores or read from a file, and recall against them.</summary>
internal sealed class GroundTruth
{
    private readonly int[] _ids;

    private GroundTruth(int[] ids, int k, double seconds)
    {
        _ids = ids;
        K = k;
        Seconds = seconds;
    }

    public int K { get; }

    /// <summary>Wall time of the parallel exact scan (0 when read from a file).</summary>
    public double Seconds { get; }

    /// <summary>Every query's k ids, best first, row after row.</summary>
    public ReadOnlySpan<int> Ids => _ids;

    /// <summary>
    /// Takes the first <paramref name="k"/> of each row of ids computed elsewhere (best first,
    /// <paramref name="columns"/> a row); the caller has checked <paramref name="columns"/> ≥ k.
    /// </summary>
    public static GroundTruth FromIds(ReadOnlySpan<int> ids, int columns, int k)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(k, columns);
        var queries = ids.Length / columns;
        var kept = new int[queries * k];
        for (var q = 0; q < queries; q++)
        {
            ids.Slice(q * columns, k).CopyTo(kept.AsSpan(q * k, k));
        }

        return new GroundTruth(kept, k, 0);
    }

    public static GroundTruth Compute(BenchmarkData data, int k)
    {
        ArgumentNullException.ThrowIfNull(data);
        var queries = data.Queries.Rows;
        var ids = new int[queries * k];
        var stopwatch = Stopwatch.StartNew();
        Parallel.For(0, queries, () => new SearchHit[k], (q, _, hits) =>
        {
            var found = ExactSearch.Search(data.LiftedItems, data.LiftedDimension, data.LiftedQuery(q), k, default(AllowAll), hits);
            for (var i = 0; i < k; i++)
            {
                ids[(q * k) + i] = i < found ? hits[i].Id : -1;
            }

            return hits;
        }, _ => { });
        return new GroundTruth(ids, k, stopwatch.Elapsed.TotalSeconds);
    }

    /// <summary>|found ∩ exact| / k for one query.</summary>
    public int Matches(int query, ReadOnlySpan<int> found)
    {
        var truth = _ids.AsSpan(query * K, K);
        var matches = 0;
        foreach (var id in found)
        {
            if (id >= 0 && truth.Contains(id))
            {
                matches++;
            }
        }

        return matches;
    }
}
