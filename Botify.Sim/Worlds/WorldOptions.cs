namespace Botify.Sim.Worlds;

/// <summary>Settings of the world generator. The defaults are the calibrated world (docs/simulator.md#calibration).</summary>
public sealed record WorldOptions
{
    /// <summary>Tracks in a generated catalog (default 50,000; ignored when a catalog is given).</summary>
    public int Tracks { get; init; } = 50_000;

    /// <summary>Listeners generated (default 10,000; ignored when listeners are given).</summary>
    public int Listeners { get; init; } = 10_000;

    /// <summary>Artists in a generated catalog; null (the default) means one per ten tracks.</summary>
    public int? Artists { get; init; }

    /// <summary>Genres, the top level of the vectors' structure (default 20).</summary>
    public int Genres { get; init; } = 20;

    /// <summary>Dimension d of the true vectors (default 32).</summary>
    public int Dimension { get; init; } = 32;

    /// <summary>Seed; the same options give the same world (default 1).</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Median length of a true vector (default 2.0): sets how far the best tracks' affinity rises above a listener's bias.</summary>
    public float Scale { get; init; } = 2.0f;

    /// <summary>Distance of an artist's centre from its genre's centre, relative to unit length (default 0.8).</summary>
    public float ArtistSpread { get; init; } = 0.8f;

    /// <summary>Distance of a track from its artist's centre, relative to unit length (default 0.5).</summary>
    public float TrackSpread { get; init; } = 0.5f;

    /// <summary>Standard deviation of the log of a track's length (default 0.25: the middle 95% span about 2.7x).</summary>
    public float NormSigma { get; init; } = 0.25f;

    /// <summary>Standard deviation of the log of an artist's catalog weight (default 1.2: a long tail of one-track artists and a few prolific ones).</summary>
    public float ArtistSizeSigma { get; init; } = 1.2f;

    /// <summary>Interests per generated listener (default 3, as the course's listeners).</summary>
    public int InterestsPerListener { get; init; } = 3;

    /// <summary>Throws when an option is out of range.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Tracks, 1, nameof(Tracks));
        ArgumentOutOfRangeException.ThrowIfLessThan(Listeners, 1, nameof(Listeners));
        if (Artists is { } artists)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(artists, 1, nameof(Artists));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(Genres, 1, nameof(Genres));
        ArgumentOutOfRangeException.ThrowIfLessThan(Dimension, 2, nameof(Dimension));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Scale, nameof(Scale));
        ArgumentOutOfRangeException.ThrowIfNegative(ArtistSpread, nameof(ArtistSpread));
        ArgumentOutOfRangeException.ThrowIfNegative(TrackSpread, nameof(TrackSpread));
        ArgumentOutOfRangeException.ThrowIfNegative(NormSigma, nameof(NormSigma));
        ArgumentOutOfRangeException.ThrowIfNegative(ArtistSizeSigma, nameof(ArtistSizeSigma));
        ArgumentOutOfRangeException.ThrowIfLessThan(InterestsPerListener, 1, nameof(InterestsPerListener));
    }
}
