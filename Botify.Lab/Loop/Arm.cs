namespace Botify.Lab.Loop;

/// <summary>
/// One treatment of the A/B days: its name, what it means, and the API settings of its pipeline
/// (keys under <c>Experiment:Treatments:i:</c>).
/// </summary>
public sealed record Arm(string Name, string Description, IReadOnlyDictionary<string, string> Settings)
{
    /// <summary>Share of a model arm's <c>Next</c> calls answered by a random unplayed track (logged as <c>explore:random</c>), so each night's training sees more than the arm's own choices.</summary>
    public const string ModelExplore = "0.02";

    /// <summary>The seed report's fatigue parameters.</summary>
    public static IReadOnlyDictionary<string, string> SeedFatigue { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["Fatigue:Threshold"] = "0.7",
        ["Fatigue:ArtistsTimeout"] = "1",
        ["Fatigue:TracksTimeout"] = "30",
    };

    /// <summary>
    /// How the session arms pick: among the first 20 allowed candidates, by artists not yet played this
    /// session when any remain (docs/serving.md has the figures). Declared before the arm lists that use it:
    /// static properties are initialised in text order.
    /// </summary>
    public static IReadOnlyDictionary<string, string> SessionPick { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["FreshArtists"] = "true",
        ["PickTop"] = "20",
    };

    /// <summary>
    /// The standard arms: control is Contextual as the course's seminar serves it (top-100 by the
    /// previous track's context vector, uniform pick, no session filters); T2 adds the fatigue layer;
    /// T4 queries with the session's taste, T5 adds fatigue to it; Random and TopPop are references.
    /// Every model arm keeps a small exploration share (<see cref="ModelExplore"/>).
    /// </summary>
    public static IReadOnlyList<Arm> Standard { get; } =
    [
        Model("C", "Contextual, top-100 of the previous track, uniform, no filters (course seminar)", "Contextual", fatigue: false),
        Model("T2", "Contextual + fatigue (0.7, 1, 30)", "Contextual", fatigue: true),
        Model("T4", "Session taste (liked pull, skipped push), played excluded, fresh artists, top-20", "Session", fatigue: false, SessionPick),
        Model("T5", "Session taste + fatigue (0.7, 1, 30), fresh artists, top-20", "Session", fatigue: true, SessionPick),
        Model("T6", "Listener memory, then session taste; fresh artists, top-20", "Memory", fatigue: false, SessionPick),
        Model("T7", "Listener memory, then session taste + fatigue (0.7, 1, 30), fresh artists, top-20", "Memory", fatigue: true, SessionPick),
        Create("R", "Random", "Random", fatigue: false),
        Create("P", "TopPop", "TopPop", fatigue: false),
    ];

    /// <summary>
    /// The listener-vector arms, out of the standard set because the vector does not help in this
    /// world (a listener's few sessions a day are too few to learn a taste from); kept for reruns.
    /// </summary>
    public static IReadOnlyList<Arm> ListenerVector { get; } =
    [
        Model("T1", "Contextual + listener vector", "ContextualUser", fatigue: false),
        Model("T3", "Contextual + listener + fatigue (0.7, 1, 30)", "ContextualUser", fatigue: true),
    ];

    /// <summary>The artist-following reference, out of the standard set; kept for reruns.</summary>
    public static Arm StickyArtist { get; } = Create("S", "StickyArtist", "StickyArtist", fatigue: false);

    /// <summary>
    /// Day 1, before any model: the fallback recommender, uniformly random tracks. It is also the
    /// data the trainer learns best from: random pairs show how the share heard rises with genre and
    /// with a track's reach, without a logging policy's bias (sticky-artist traffic drowns that signal
    /// under the listener's artist discount; CHANGELOG).
    /// </summary>
    public static IReadOnlyList<Arm> ColdStart { get; } = [Create("F", "fallback: random (no model yet)", "Random", fatigue: false)];

    /// <summary>The recommender kind this arm's pipeline uses (the <c>Recommender</c> setting).</summary>
    public string Recommender => Settings.GetValueOrDefault("Recommender") ?? string.Empty;

    /// <summary>
    /// True for an arm served from the learned model through the index (Contextual*, Session*): the
    /// arms whose fallback share says whether the model, not the fallback, was measured.
    /// </summary>
    public bool IsModel => Recommender.StartsWith("Contextual", StringComparison.Ordinal) || Recommender.StartsWith("Session", StringComparison.Ordinal) || Recommender.StartsWith("Memory", StringComparison.Ordinal);

    /// <summary>True when the arm's query carries the listener's vector (the index refuses listeners outside the model).</summary>
    public bool UsesListenerVector => Recommender.EndsWith("User", StringComparison.Ordinal);

    /// <summary>An arm with the given recommender, K = 100, uniform pick, and the seed's fatigue layer when asked.</summary>
    public static Arm Create(string name, string description, string recommender, bool fatigue, IReadOnlyDictionary<string, string>? overrides = null)
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Name"] = name,
            ["Recommender"] = recommender,
            ["K"] = "100",
            ["RetryK"] = fatigue ? "1000" : "0",
            ["Pick"] = "Uniform",
        };
        if (fatigue)
        {
            foreach (var (key, value) in SeedFatigue)
            {
                settings[key] = value;
            }
        }

        foreach (var (key, value) in overrides ?? new Dictionary<string, string>())
        {
            settings[key] = value;
        }

        return new Arm(name, description, settings);
    }

    /// <summary>A model arm: as <see cref="Create"/>, with the exploration share <see cref="ModelExplore"/> and any further settings.</summary>
    public static Arm Model(string name, string description, string recommender, bool fatigue, IReadOnlyDictionary<string, string>? overrides = null)
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal) { ["Explore"] = ModelExplore };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string>())
        {
            settings[key] = value;
        }

        return Create(name, description, recommender, fatigue, settings);
    }
}
