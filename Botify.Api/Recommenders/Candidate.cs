namespace Botify.Api.Recommenders;

/// <summary>A track a recommender proposes, with its score (higher is better; the index's predicted share heard).</summary>
internal readonly record struct Candidate(int Track, float Score);
