namespace Botify.Benchmarks.ApiThroughput;

/// <summary>
/// The complete sessions played for the memory arm's listeners before its timed phase, starting at the tracks
/// the timed sessions start with (<see cref="SessionPlan"/>), so the listeners have a memory to be served from.
/// </summary>
/// <param name="Listeners">Listeners primed (the closed loop's callers).</param>
/// <param name="SessionsPerListener">Complete sessions (nine <c>Next</c>, then <c>Last</c>) played per listener.</param>
/// <param name="Calls">Calls answered.</param>
/// <param name="Errors">Calls failed.</param>
/// <param name="Seconds">How long priming took.</param>
/// <param name="Sources">What served the priming sessions' <c>Next</c> calls.</param>
internal sealed record PrimingResult(int Listeners, int SessionsPerListener, long Calls, long Errors, double Seconds, ReplySources Sources);
