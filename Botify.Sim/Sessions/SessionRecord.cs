namespace Botify.Sim.Sessions;

/// <summary>One simulated session, as written to <c>--out FILE.jsonl</c>.</summary>
/// <param name="Episode">Index of the episode in the run (0-based); with the seed it fixes the listener and its draws.</param>
/// <param name="User">Listener id.</param>
/// <param name="Treatment">Treatment from the recommender's reply (the agent's name in process; empty when no reply came).</param>
/// <param name="Time">Session time: 1.0 for the first track plus every heard share.</param>
/// <param name="Steps">Recommended tracks the listener heard.</param>
/// <param name="Errors">Failed calls in this session (remote runs).</param>
/// <param name="Truncated">True when the session hit the step cap before the budget ran out.</param>
public sealed record SessionRecord(int Episode, int User, string Treatment, double Time, int Steps, int Errors, bool Truncated = false);
