namespace Botify.Api.Sources;

/// <summary>A query by the session's taste: <c>Σ Weights[i] · c[Tracks[i]]</c> (parallel arrays).</summary>
internal sealed record SessionTaste(int[] Tracks, float[] Weights);
