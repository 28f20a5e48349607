namespace Botify.Api.Recommenders;

/// <summary>The candidate sources a treatment can use.</summary>
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
}
