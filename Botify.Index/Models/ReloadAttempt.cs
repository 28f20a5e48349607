namespace Botify.Index.Models;

/// <summary>The latest model load the index tried, swapped in or refused: what the reload gauges report.</summary>
/// <param name="Duration">From taking the reload lock to the swap or the refusal.</param>
/// <param name="Refused">True when the bundle was refused (missing, corrupt or too slow) and the old model kept serving.</param>
public sealed record ReloadAttempt(TimeSpan Duration, bool Refused);
