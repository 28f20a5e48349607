using System.Diagnostics;
using System.Globalization;
using Botify.Benchmarks.USearch;
using Cloud.Unum.USearch;

namespace Botify.Benchmarks.IndexComparison.Engines;

/// <summary>
/// USearch through its C# package: inner-product metric, float32, connectivity = M, expansionAdd =
/// efConstruction, over [x; b] rows with [q; 1] queries. One build serves every ef: expansionSearch is
/// changed in place through the C library's <c>usearch_change_expansion_search</c> (the wrapper only
/// takes it at construction). A parallel build first reserves capacity through <c>usearch_reserve</c>,
/// without which concurrent adds race on the wrapper's capacity growth.
/// </summary>
internal sealed class USearchEngine : IIndexEngine
{
    private USearchIndex? _index;
    private nint _handle;
    private BenchmarkData? _data;
    private ulong[] _keys = [];
    private float[] _distances = [];
    private float[] _wrapperQuery = [];
    private float[] _queryBuffer = [];
    private int _queryOffset;

    public string Name => "usearch";

    public bool SweepsEf => true;

    public double BuildSeconds { get; private set; }

    public long MemoryBytes { get; private set; }

    public string BuildNotes { get; private set; } = "";

    /// <summary>Size of the index as USearch would save it.</summary>
    public long SerializedBytes { get; private set; }

    /// <summary>When set, searches go through the wrapper's allocating <c>Search</c> instead of the C call.</summary>
    public bool UseWrapperSearch { get; set; }

    /// <summary>SIMD kernel family USearch picked on this CPU.</summary>
    public string HardwareAcceleration => _index?.HardwareAcceleration() ?? "";

    public void Build(BenchmarkData data, IndexRunSettings settings)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(settings);
        _data = data;
        _keys = new ulong[settings.K];
        _distances = new float[settings.K];
        _wrapperQuery = new float[data.LiftedDimension];

        // Each query is copied into a pinned buffer aligned to 64 bytes before the native search
        // (Botify's index likewise copies every query into a stack buffer of its own): rows of 65
        // floats in one array start at every offset, and USearch re-reads the query for every
        // distance, so an unlucky row would charge it split cache lines on each of them.
        _queryBuffer = GC.AllocateArray<float>(data.LiftedDimension + 16, pinned: true);
        unsafe
        {
            fixed (float* start = _queryBuffer)
            {
                _queryOffset = (int)((64 - ((nuint)start % 64)) % 64 / sizeof(float));
            }
        }
        var n = data.Items.Rows;
        var width = data.LiftedDimension;

        var stopwatch = Stopwatch.StartNew();
        _index = new USearchIndex(
            MetricKind.Ip,
            ScalarKind.Float32,
            dimensions: (ulong)width,
            connectivity: (ulong)settings.M,
            expansionAdd: (ulong)settings.EfConstruction,
            expansionSearch: (ulong)settings.EfValues[0]);
        _handle = USearchHandle.Of(_index);
        if (settings.USearchParallelBuild)
        {
            USearchNative.Reserve(_handle, n);
            USearchNative.ChangeThreadsAdd(_handle, settings.Threads);
            var options = new ParallelOptions { MaxDegreeOfParallelism = settings.Threads };
            Parallel.For(0, n, options, () => new float[width], (i, _, row) =>
            {
                data.LiftedItems.AsSpan(i * width, width).CopyTo(row);
                _index.Add((ulong)i, row);
                return row;
            }, _ => { });
            BuildNotes = string.Create(CultureInfo.InvariantCulture, $"parallel adds on {settings.Threads} threads after usearch_reserve({n}) via P/Invoke");
        }
        else
        {
            var row = new float[width];
            for (var i = 0; i < n; i++)
            {
                data.LiftedItems.AsSpan(i * width, width).CopyTo(row);
                _index.Add((ulong)i, row);
            }

            BuildNotes = "serial adds on one thread (the wrapper grows capacity itself)";
        }

        BuildSeconds = stopwatch.Elapsed.TotalSeconds;
        if ((long)_index.Size() != n)
        {
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"USearch holds {_index.Size()} vectors after adding {n}"));
        }

        MemoryBytes = USearchNative.MemoryUsage(_handle);
        SerializedBytes = USearchNative.SerializedLength(_handle);
        BuildNotes += string.Create(CultureInfo.InvariantCulture, $"; bytes_per_vector is usearch_memory_usage / N (arenas with their slack, per-thread scratch), serialized {SerializedBytes / (double)n:N0} B per vector; SIMD kernels: {_index.HardwareAcceleration()}");
    }

    public void SetEf(int ef)
    {
        USearchNative.ChangeExpansionSearch(_handle, ef);
        var now = USearchNative.ExpansionSearch(_handle);
        if (now != ef)
        {
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"USearch kept expansionSearch {now} after it was set to {ef}"));
        }
    }

    public int Search(int query, Span<int> ids, out int visited)
    {
        visited = -1;
        var lifted = _data!.LiftedQuery(query);
        if (UseWrapperSearch)
        {
            lifted.CopyTo(_wrapperQuery);
            var count = _index!.Search(_wrapperQuery, ids.Length, out var keys, out _);
            for (var i = 0; i < count; i++)
            {
                ids[i] = (int)keys[i];
            }

            return count;
        }

        var aligned = _queryBuffer.AsSpan(_queryOffset, lifted.Length);
        lifted.CopyTo(aligned);
        var found = USearchNative.Search(_handle, aligned, _keys.AsSpan(0, ids.Length), _distances.AsSpan(0, ids.Length));
        for (var i = 0; i < found; i++)
        {
            ids[i] = (int)_keys[i];
        }

        return found;
    }

    public void Dispose()
    {
        _index?.Dispose();
        _index = null;
        _handle = 0;
    }
}
