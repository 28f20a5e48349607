namespace Botify.Train.Model;

/// <summary>Where a track's context vector in the bundle comes from (docs/training.md, "Cold tracks").</summary>
public enum ContextSource
{
    /// <summary>No vector yet: training never saw the track nor any of its features as a context.</summary>
    None = 0,

    /// <summary>Learned: the track was a context in training (an example's context or either side of a co-listening pair).</summary>
    Trained = 1,

    /// <summary>Its catalog features' shares (artist, genres), at least one of which was a context in training.</summary>
    Features = 2,

    /// <summary>The contexts of the tracks it was played with in the logs, weighted by how much of it was heard.</summary>
    CoPlay = 3,

    /// <summary>The mean context vector of every track that has one: never played, no known feature.</summary>
    Mean = 4,
}
