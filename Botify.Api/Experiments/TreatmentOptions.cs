using Botify.Api.Core;
using Botify.Api.Fatigue;
using Botify.Api.Sources;

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
    /// Pick among only the first this many candidates the session allows, best first; 0 = among all of
    /// them. Default 0, range 0..1000. A narrower pick exploits the ranking, a wider one explores.
    /// </summary>
    public int PickTop { get; set; }

    /// <summary>
    /// Prefer candidates by artists not yet played this session, when any remain; otherwise every allowed
    /// candidate. Default false. A listener hears each further track of an artist less (the course's
    /// artist discount), so a session-aware pick spreads over artists (docs/serving.md).
    /// </summary>
    public bool FreshArtists { get; set; }

    /// <summary>
    /// Share of <c>Next</c> calls answered by a uniformly random track not played this session (source
    /// <c>explore:random</c>), so the log keeps examples the treatment would not choose. Default 0
    /// (none), range 0..0.5.
    /// </summary>
    public double Explore { get; set; }
}
