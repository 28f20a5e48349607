namespace Botify.Contracts;

/// <summary>
/// The limits of <c>botify.v1.TrackIndex</c> requests (Protos/botify/v1/index.proto): the index refuses a
/// request past them with INVALID_ARGUMENT, and its clients stay within them.
/// </summary>
public static class IndexLimits
{
    /// <summary>Largest k a query may ask for.</summary>
    public const int MaxK = 1000;

    /// <summary>Largest ef a query may ask for.</summary>
    public const int MaxEf = 10_000;

    /// <summary>Largest number of excluded ids in one query.</summary>
    public const int MaxExclude = 10_000;

    /// <summary>Most entries of <c>session_tracks</c> (and <c>session_weights</c>) in one query.</summary>
    public const int MaxSessionTracks = 1000;

    /// <summary>Largest |weight| of <c>session_weights</c>.</summary>
    public const float MaxSessionWeight = 1000f;

    /// <summary>Most queries in one <c>SearchBatch</c> call.</summary>
    public const int MaxBatchQueries = 1000;
}
