namespace Botify.Api.Sources;

/// <summary>The candidate source a treatment uses (its <c>Recommender</c> setting), one <see cref="ICandidateSource"/> each.</summary>
public enum RecommenderKind
{
    /// <summary>Uniformly random tracks of the catalog.</summary>
    Random,

    /// <summary>The most heard tracks (from a seed log and the live traffic).</summary>
    TopPop,

    /// <summary>Other tracks by the context track's artist.</summary>
    StickyArtist,

    /// <summary>Index top-k for the context track's vector.</summary>
    Contextual,

    /// <summary>Index top-k for the context track's vector plus the listener's vector.</summary>
    ContextualUser,

    /// <summary>
    /// Index top-k for the session's taste: the context vectors of the session's tracks, liked ones
    /// (heard for at least the fatigue threshold) weighted by share heard towards, skipped ones away
    /// (<see cref="Experiments.TreatmentOptions.SessionSkipWeight"/>); the previous track alone while
    /// nothing is liked. Never proposes a track played this session.
    /// </summary>
    Session,

    /// <summary>
    /// The listener's memory first: well-heard tracks of the listener's past sessions that match this one
    /// (by shared tracks, or by the index's neighbours of the session), served with no index call; then
    /// <see cref="Session"/> (docs/serving.md#memory).
    /// </summary>
    Memory,
}
