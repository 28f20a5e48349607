namespace Botify.Api.Core;

/// <summary>How one track is chosen among the candidates left after the filters.</summary>
public enum PickRule
{
    /// <summary>Uniformly at random (the course's seminar).</summary>
    Uniform,

    /// <summary>At random with probability proportional to the score (scores below 0 count as 0).</summary>
    ScoreWeighted,

    /// <summary>The best-scored candidate.</summary>
    Greedy,
}
