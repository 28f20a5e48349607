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
}
