using System.Diagnostics;
using Botify.Index.Hnsw;
using Botify.Index.Mips;
using Botify.Shared.Data;
using Botify.Shared.Models;
using Microsoft.Extensions.Options;

namespace Botify.Index.Serving;

/// <summary>
/// Holds the model being served and swaps in a new one. A reload reads the bundle and builds (or
/// loads) its graph off to the side, then replaces the reference in one atomic write: a search reads
/// the reference once, so searches in flight finish on the old model and none ever fails for the swap.
/// Reloads run one at a time.
/// </summary>
public sealed partial class ModelHolder(IOptions<IndexOptions> options, TimeProvider time, ILogger<ModelHolder> logger) : IDisposable
{
    private readonly SemaphoreSlim _reloading = new(1, 1);
    private volatile ServedModel? _current;
    private long _reloads;
    private long _refusedReloads;

    /// <summary>The model being served, or null before the first load.</summary>
    public ServedModel? Current => _current;

    /// <summary>Bundles loaded and swapped in since start (the start-up load included).</summary>
    public long Reloads => Interlocked.Read(ref _reloads);

    /// <summary>Bundles refused as missing or corrupt since start.</summary>
    public long RefusedReloads => Interlocked.Read(ref _refusedReloads);

    /// <summary>
    /// Loads the bundle at <paramref name="bundlePath"/>, builds or loads its graph and swaps it in.
    /// </summary>
    /// <exception cref="DataFileException">The bundle is missing or corrupt; the old model keeps serving.</exception>
    public async Task<ServedModel> ReloadAsync(string bundlePath, CancellationToken cancellationToken)
    {
        await _reloading.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var model = await Task.Run(() => Load(bundlePath, cancellationToken), cancellationToken).ConfigureAwait(false);
            _current = model;
            Interlocked.Increment(ref _reloads);
            LogServing(logger, model.Version, model.Bundle.Manifest.Tracks, model.Index.Graph.LoadedFromFile ? "loaded" : "built", model.Index.Graph.BuildSeconds);
            return model;
        }
        catch (DataFileException e)
        {
            Interlocked.Increment(ref _refusedReloads);
            LogRefused(logger, bundlePath, e.Message);
            throw;
        }
        finally
        {
            _reloading.Release();
        }
    }

    public void Dispose() => _reloading.Dispose();

    private ServedModel Load(string bundlePath, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        // Before the graph's arrays are allocated: pages are chosen when the arrays are advised.
        HugePages.Enabled = settings.HugePages;
        var bundle = ModelBundle.Load(bundlePath);
        var graphPath = Path.Combine(bundlePath, InnerProductIndex.GraphFileName);
        var index = settings.UseSavedGraph && File.Exists(graphPath) ? TryLoadGraph(graphPath, bundle, settings) : null;
        if (index is null)
        {
            var stopwatch = Stopwatch.StartNew();
            var parameters = new HnswParameters { M = settings.M, EfConstruction = settings.EfConstruction, Seed = settings.Seed, Threads = settings.BuildThreads };
            index = InnerProductIndex.Build(bundle.Tracks, bundle.TrackBias, settings.Mips, parameters, byteWalk: settings.ByteWalk, cancellationToken: cancellationToken);
            LogBuilt(logger, bundle.Manifest.ModelVersion, bundle.Manifest.Tracks, stopwatch.Elapsed.TotalSeconds);
            if (settings.SaveGraph)
            {
                TrySaveGraph(index, graphPath, bundle.Manifest.ModelVersion);
            }
        }

        return new ServedModel(bundlePath, bundle, index, time.GetUtcNow(), settings.HugePages);
    }

    private InnerProductIndex? TryLoadGraph(string graphPath, ModelBundle bundle, IndexOptions settings)
    {
        try
        {
            var index = InnerProductIndex.Load(graphPath, bundle.Tracks, bundle.TrackBias, bundle.Manifest.ModelVersion, settings.ByteWalk);
            var p = index.Graph.Parameters;
            if (index.Reduction == settings.Mips && p.M == settings.M && p.EfConstruction == settings.EfConstruction)
            {
                return index;
            }

            LogGraphStale(logger, graphPath, "it was built with other parameters");
        }
        catch (DataFileException e)
        {
            LogGraphStale(logger, graphPath, e.Fault);
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
            LogGraphNotSaved(logger, graphPath, e.Message);
        }
    }

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
}
