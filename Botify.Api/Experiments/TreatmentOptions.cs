using Botify.Api.Fatigue;
using Botify.Api.Recommenders;

namespace Botify.Api.Experiments;

/// <summary>One treatment's recommender pipeline: a candidate source, an optional fatigue layer and a pick rule.</summary>
public sealed class TreatmentOptions
{
    /// <summary>Treatment name as written in replies and events (the course uses C, T1, T2, ...). Required.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>Candidate source. Default Contextual.</summary>
    public RecommenderKind Recommender { get; set; } = RecommenderKind.Contextual;

    /// <summary>Candidates asked of the source. Default 100 (the course's top-100), range 1..1000.</summary>
    public int K { get; set; } = 100;

    /// <summary>Candidates asked in the one retry when the filters left none; 0 = no retry. Default 1000, range 0..1000.</summary>
    public int RetryK { get; set; } = 1000;

    /// <summary>How one candidate is chosen. Default Uniform.</summary>
    public PickRule Pick { get; set; } = PickRule.Uniform;

    /// <summary>The fatigue layer; absent = candidates are used as they come (the course's seminar Contextual).</summary>
    public FatigueOptions? Fatigue { get; set; }

    /// <summary>
    /// For the <see cref="RecommenderKind.Session"/> source: the most the skipped tracks push the query
    /// away, against the liked tracks' pull of 1 (the skipped weights sum to at most this). Default 0.3,
    /// range 0..1; 0 ignores skips.
    /// </summary>
    public double SessionSkipWeight { get; set; } = 0.3;

    /// <summary>
    /// Share of <c>Next</c> calls answered by a uniformly random track not played this session (source
    /// <c>explore:random</c>), so the log keeps examples the treatment would not choose. Default 0
    /// (none), range 0..0.5.
    /// </summary>
    public double Explore { get; set; }
}
