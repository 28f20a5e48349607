using Botify.Index.Mips;
using Botify.Shared.Models;

namespace Botify.Index.Models;

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

        MaxQueryMagnitude = QueryMagnitudeBound(bundle);
    }

    /// <summary>
    /// Scores of a query stay at most float.MaxValue / this (the margin absorbs rounding in sums and heaps)
    /// when every coordinate of the query is within <see cref="MaxQueryMagnitude"/>.
    /// </summary>
    public const double ScoreMargin = 1024;

    public string BundlePath { get; }

    public ModelBundle Bundle { get; }

    public InnerProductIndex Index { get; }

    public DateTimeOffset LoadedAt { get; }

    /// <summary>Whether the graph's arrays were advised for 2 MB pages when it loaded (<see cref="IndexOptions.HugePages"/>).</summary>
    public bool HugePages { get; }

    public string Version => Bundle.Manifest.ModelVersion;

    /// <summary>
    /// Largest |q_i| a query vector may hold so that no score, nor any partial sum the search computes,
    /// overflows: every dot product is bounded by max|q_i| · Σ_j max_i |t[i, j]| (the column maxima, which
    /// also bound the byte walk's per-coordinate scaled codes), plus the largest |bias| and the global bias.
    /// </summary>
    public double MaxQueryMagnitude { get; }

    /// <summary>True when the track never occurred in training, so its context vector carries no signal.</summary>
    public bool IsCold(int track) => _cold[track];

    private static double QueryMagnitudeBound(ModelBundle bundle)
    {
        var tracks = bundle.Tracks;
        var columnMaxima = new double[tracks.Dimension];
        for (var i = 0; i < tracks.Rows; i++)
        {
            var row = tracks.Row(i);
            for (var j = 0; j < row.Length; j++)
            {
                columnMaxima[j] = Math.Max(columnMaxima[j], Math.Abs(row[j]));
            }
        }

        var l1 = columnMaxima.Sum();
        var biasMaximum = bundle.TrackBias.Length == 0 ? 0.0 : bundle.TrackBias.Max(b => Math.Abs((double)b));
        var room = (float.MaxValue / ScoreMargin) - biasMaximum - Math.Abs((double)bundle.Manifest.GlobalBias);
        return l1 == 0 ? float.MaxValue : Math.Max(0, room / l1);
    }
}
