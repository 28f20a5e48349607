namespace Botify.Lab.Loop;

/// <summary>
/// One treatment of the day-2 experiment: its name, what it means, and the API settings of its
/// pipeline (keys under <c>Experiment:Treatments:i:</c>).
/// </summary>
public sealed record Arm(string Name, string Description, IReadOnlyDictionary<string, string> Settings)
{
    /// <summary>The seed report's fatigue parameters.</summary>
    public static IReadOnlyDictionary<string, string> SeedFatigue { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["Fatigue:Threshold"] = "0.7",
        ["Fatigue:ArtistsTimeout"] = "1",
        ["Fatigue:TracksTimeout"] = "30",
    };

    /// <summary>
    /// The standard arms: control is Contextual as the course's seminar serves it (top-100 by the
    /// previous track's context vector, uniform pick, no session filters); T1–T3 add the listener
    /// vector, the fatigue layer, and both; Random, TopPop and StickyArtist are references.
    /// </summary>
    public static IReadOnlyList<Arm> Standard { get; } =
    [
        Create("C", "Contextual, top-100 of the previous track, uniform, no filters (course seminar)", "Contextual", fatigue: false),
        Create("T1", "Contextual + listener vector", "ContextualUser", fatigue: false),
        Create("T2", "Contextual + fatigue (0.7, 1, 30)", "Contextual", fatigue: true),
        Create("T3", "Contextual + listener + fatigue (0.7, 1, 30)", "ContextualUser", fatigue: true),
        Create("R", "Random", "Random", fatigue: false),
        Create("P", "TopPop", "TopPop", fatigue: false),
        Create("S", "StickyArtist", "StickyArtist", fatigue: false),
    ];

    /// <summary>
    /// Day 1, before any model: the fallback recommender, uniformly random tracks. It is also the
    /// data the trainer learns best from: random pairs show how the share heard rises with genre and
    /// with a track's reach, without a logging policy's bias. (Sticky-artist traffic was tried and
    /// hurt: the listener's artist discount makes every same-artist pair look poor, and that drowned
    /// the same-genre signal the model needs; see the README.)
    /// </summary>
    public static IReadOnlyList<Arm> ColdStart { get; } = [Create("F", "fallback: random (no model yet)", "Random", fatigue: false)];

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
}
