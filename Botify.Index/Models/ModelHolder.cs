using System.Diagnostics;
using Botify.Index.Hnsw;
using Botify.Index.Mips;
using Botify.Shared.Data;
using Botify.Shared.Models;
using Microsoft.Extensions.Options;

namespace Botify.Index.Models;

/// <summary>
/// Holds the model being served and swaps in a new one. A reload reads the bundle and builds (or
/// loads) its graph off to the side, then replaces the reference in one atomic write: a search reads
/// the reference once, so searches in flight finish on the old model and none ever fails for the swap.
/// Reloads run one at a time.
/// </summary>
public sealed partial class ModelHolder(IOptions<IndexOptions> options, TimeProvider time, ILogger<ModelHolder> logger) : IDisposable
{
    private static readonly string[] BundleFiles = [ModelBundle.ManifestFile, ModelBundle.ContextFile, ModelBundle.TracksFile, ModelBundle.TrackBiasFile, ModelBundle.UsersFile];

    private readonly SemaphoreSlim _reloading = new(1, 1);
    private readonly BundleLocator _locator = new(options.Value.ModelRoot);
    private volatile ServedModel? _current;
    private volatile ReloadAttempt? _lastAttempt;
    private long _reloads;
    private long _refusedReloads;

    /// <summary>The model being served, or null before the first load.</summary>
    public ServedModel? Current => _current;

    /// <summary>Bundles loaded and swapped in since start (the start-up load included).</summary>
    public long Reloads => Interlocked.Read(ref _reloads);

    /// <summary>Bundles refused as missing or corrupt since start.</summary>
    public long RefusedReloads => Interlocked.Read(ref _refusedReloads);

    /// <summary>The latest load tried, or null before the first; a refusal stays here until a load succeeds.</summary>
    public ReloadAttempt? LastAttempt => _lastAttempt;

    /// <summary>
    /// Loads the bundle at <paramref name="bundlePath"/>, builds or loads its graph and swaps it in. The load
    /// runs off the lock's owner and is waited for at most <see cref="IndexOptions.ReloadTimeout"/>: a read that
    /// never returns (a FIFO swapped in after the check, a hung network mount) is abandoned, cancelled where
    /// it can be, and the lock released, so the next reload can run.
    /// </summary>
    /// <exception cref="DataFileException">The bundle is missing, corrupt, outside the model root, not made of
    /// regular files, or took too long; the old model keeps serving.</exception>
    public async Task<ServedModel> ReloadAsync(string bundlePath, CancellationToken cancellationToken)
    {
        await _reloading.WaitAsync(cancellationToken).ConfigureAwait(false);
        var started = time.GetTimestamp();
        try
        {
            var timeout = options.Value.ReloadTimeout;
            var abandon = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var loading = Task.Run(() => Load(bundlePath, abandon.Token), CancellationToken.None);
            ServedModel model;
            try
            {
                model = await loading.WaitAsync(timeout, time, CancellationToken.None).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                // The load may still be blocked in a read: leave it (and its token source) to finish or fail on
                // its own; it never swaps in, only this method does.
                await abandon.CancelAsync().ConfigureAwait(false);
                _ = loading.ContinueWith(t => LogAbandoned(logger, bundlePath, t.Exception?.GetBaseException().Message ?? "finished late"), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
                throw new DataFileException(bundlePath, $"the load did not finish within Index:ReloadTimeout ({timeout}) and was abandoned");
            }

            abandon.Dispose();
            _current = model;
            Interlocked.Increment(ref _reloads);
            _lastAttempt = new ReloadAttempt(time.GetElapsedTime(started), Refused: false);
            LogServing(logger, model.Version, model.Bundle.Manifest.Tracks, model.Index.Graph.LoadedFromFile ? "loaded" : "built", model.Index.Graph.BuildSeconds);
            return model;
        }
        catch (DataFileException e)
        {
            Interlocked.Increment(ref _refusedReloads);
            _lastAttempt = new ReloadAttempt(time.GetElapsedTime(started), Refused: true);
            LogRefused(logger, bundlePath, e.Message);
            throw;
        }
        finally
        {
            _reloading.Release();
        }
    }

    public void Dispose() => _reloading.Dispose();

    /// <summary>Runs on the worker thread at the start of every load; tests block it to stand for a read that never returns.</summary>
    internal Action<string>? LoadStarting { get; set; }

    private ServedModel Load(string bundlePath, CancellationToken cancellationToken)
    {
        LoadStarting?.Invoke(bundlePath);
        var settings = options.Value;
        // Before the graph's arrays are allocated: pages are chosen when the arrays are advised.
        HugePages.Enabled = settings.HugePages;
        var folder = _locator.ResolveFolder(bundlePath);
        foreach (var file in BundleFiles)
        {
            _locator.RequireFile(folder, file);
        }

        ModelBundle bundle;
        try
        {
            bundle = ModelBundle.Load(folder);
        }
        catch (DataFileException e)
        {
            throw _locator.Rename(e);
        }

        cancellationToken.ThrowIfCancellationRequested();
        var graphPath = Path.Combine(folder, InnerProductIndex.GraphFileName);
        var graphKind = settings.UseSavedGraph ? BundleLocator.GraphKind(folder, _locator.Confined) : FileKind.Missing;
        if (graphKind is not (FileKind.Missing or FileKind.Regular))
        {
            LogGraphStale(logger, _locator.Display(graphPath), $"it is {FileKinds.Describe(graphKind)}, not a regular file");
        }

        // Decided once per load, before a saved graph is looked at: a graph built with the other reduction is rebuilt.
        var reduction = MipsAuto.Resolve(settings.Mips, bundle.Tracks, bundle.TrackBias, out var normSpread);
        if (settings.Mips == MipsReduction.Auto)
        {
            LogMipsAuto(logger, bundle.Manifest.ModelVersion, reduction, normSpread, MipsAuto.MaxLiftedNormSpread);
        }
        else
        {
            LogMipsSet(logger, bundle.Manifest.ModelVersion, reduction);
        }

        var index = graphKind == FileKind.Regular ? TryLoadGraph(graphPath, bundle, settings, reduction) : null;
        if (index is null)
        {
            var stopwatch = Stopwatch.StartNew();
            var parameters = new HnswParameters { M = settings.M, EfConstruction = settings.EfConstruction, Seed = settings.Seed, Threads = settings.EffectiveBuildThreads(Environment.ProcessorCount) };
            index = InnerProductIndex.Build(bundle.Tracks, bundle.TrackBias, reduction, parameters, byteWalk: settings.ByteWalk, cancellationToken: cancellationToken);
            LogBuilt(logger, bundle.Manifest.ModelVersion, bundle.Manifest.Tracks, stopwatch.Elapsed.TotalSeconds);
            if (settings.SaveGraph)
            {
                TrySaveGraph(index, graphPath, bundle.Manifest.ModelVersion);
            }
        }

        WarmUp(index, bundle, settings.EfSearch);
        return new ServedModel(bundlePath, bundle, index, time.GetUtcNow(), settings.HugePages);
    }

    /// <summary>
    /// A few searches on the new graph before it serves, so its first real queries do not pay for the
    /// JIT and the first touch of its pages: the model is published, and health says SERVING, only after.
    /// </summary>
    private static void WarmUp(InnerProductIndex index, ModelBundle bundle, int ef)
    {
        var cold = bundle.Manifest.ColdTracks.ToHashSet();
        Span<SearchHit> hits = stackalloc SearchHit[10];
        var searched = 0;
        for (var track = 0; track < bundle.Manifest.Tracks && searched < WarmUpSearches; track += Math.Max(1, bundle.Manifest.Tracks / WarmUpSearches))
        {
            if (!cold.Contains(track))
            {
                index.Search(bundle.Context.Row(track), hits.Length, ef, default(AllowAll), hits, out _);
                searched++;
            }
        }
    }

    /// <summary>The saved graph when it was built for this model with <paramref name="reduction"/> (never Auto) and the configured M and efConstruction; else null.</summary>
    private InnerProductIndex? TryLoadGraph(string graphPath, ModelBundle bundle, IndexOptions settings, MipsReduction reduction)
    {
        try
        {
            var index = InnerProductIndex.Load(graphPath, bundle.Tracks, bundle.TrackBias, bundle.Manifest.ModelVersion, settings.ByteWalk);
            var p = index.Graph.Parameters;
            if (index.Reduction != reduction)
            {
                LogGraphStale(logger, _locator.Display(graphPath), $"it was built with the {MipsAuto.Name(index.Reduction)} reduction, this load uses {MipsAuto.Name(reduction)}");
                return null;
            }

            if (p.M == settings.M && p.EfConstruction == settings.EfConstruction)
            {
                return index;
            }

            LogGraphStale(logger, _locator.Display(graphPath), "it was built with other parameters");
        }
        catch (DataFileException e)
        {
            LogGraphStale(logger, _locator.Display(graphPath), e.Fault);
        }

        return null;
    }

    private void TrySaveGraph(InnerProductIndex index, string graphPath, string modelVersion)
    {
        try
        {
            index.Save(graphPath, modelVersion);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            LogGraphNotSaved(logger, _locator.Display(graphPath), e.Message);
        }
    }

    private const int WarmUpSearches = 32;

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Serving model {Version}: {Tracks} tracks, graph {How} in {Seconds:F2} s")]
    private static partial void LogServing(ILogger logger, string version, int tracks, string how, double seconds);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Built the graph of model {Version} over {Tracks} tracks in {Seconds:F2} s")]
    private static partial void LogBuilt(ILogger logger, string version, int tracks, double seconds);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "Refused model bundle {Path}: {Fault}; the previous model keeps serving")]
    private static partial void LogRefused(ILogger logger, string path, string fault);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "Saved graph {Path} not used ({Reason}); building a new one")]
    private static partial void LogGraphStale(ILogger logger, string path, string reason);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "Could not save the graph to {Path}: {Reason}")]
    private static partial void LogGraphNotSaved(ILogger logger, string path, string reason);

    [LoggerMessage(EventId = 6, Level = LogLevel.Warning, Message = "An abandoned load of {Path} ended: {Outcome}")]
    private static partial void LogAbandoned(ILogger logger, string path, string outcome);

    [LoggerMessage(EventId = 7, Level = LogLevel.Information, Message = "Model {Version}: MIPS reduction {Reduction}, chosen by Index:Mips=Auto (norm spread of [t; b], p99 / median, {NormSpread:F2}; lifted at or below {Threshold:F2})")]
    private static partial void LogMipsAuto(ILogger logger, string version, MipsReduction reduction, double normSpread, double threshold);

    [LoggerMessage(EventId = 8, Level = LogLevel.Information, Message = "Model {Version}: MIPS reduction {Reduction}, set by Index:Mips")]
    private static partial void LogMipsSet(ILogger logger, string version, MipsReduction reduction);
}
