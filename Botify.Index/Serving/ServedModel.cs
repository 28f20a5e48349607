using Botify.Index.Mips;
using Botify.Shared.Models;

namespace Botify.Index.Serving;

/// <summary>A model bundle and the index built over its tracks: what one Search is answered from.</summary>
public sealed class ServedModel
{
    private readonly bool[] _cold;

    public ServedModel(string bundlePath, ModelBundle bundle, InnerProductIndex index, DateTimeOffset loadedAt, bool hugePages)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        ArgumentNullException.ThrowIfNull(index);
        BundlePath = bundlePath;
        Bundle = bundle;
        Index = index;
        LoadedAt = loadedAt;
        HugePages = hugePages;
        _cold = new bool[bundle.Manifest.Tracks];
        foreach (var track in bundle.Manifest.ColdTracks)
        {
            _cold[track] = true;
        }
    }

    public string BundlePath { get; }

    public ModelBundle Bundle { get; }

    public InnerProductIndex Index { get; }

    public DateTimeOffset LoadedAt { get; }

    /// <summary>Whether the graph's arrays were advised for 2 MB pages when it loaded (<see cref="IndexOptions.HugePages"/>).</summary>
    public bool HugePages { get; }

    public string Version => Bundle.Manifest.ModelVersion;

    /// <summary>True when the track never occurred in training, so its context vector carries no signal.</summary>
    public bool IsCold(int track) => _cold[track];
}
