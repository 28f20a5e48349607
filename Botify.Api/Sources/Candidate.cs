namespace Botify.Api.Sources;

/// <summary>A track a candidate source proposes, with its score (higher is better; the index's predicted share heard).</summary>
internal readonly record struct Candidate(int Track, float Score);
