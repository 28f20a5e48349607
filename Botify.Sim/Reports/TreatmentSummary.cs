namespace Botify.Sim.Reports;

/// <summary>The sessions of one treatment.</summary>
/// <param name="Treatment">Treatment name from the replies (the agent's name in process).</param>
/// <param name="Sessions">Sessions played, failed ones included.</param>
/// <param name="FailedSessions">Sessions with at least one failed call; they are left out of the means.</param>
/// <param name="TruncatedSessions">Sessions cut at the step cap (counted in the means).</param>
/// <param name="SessionTime">Mean session time with its 95% interval, over sessions without errors.</param>
/// <param name="Steps">Mean recommendations heard per session with its 95% interval, over sessions without errors.</param>
public sealed record TreatmentSummary(string Treatment, int Sessions, int FailedSessions, int TruncatedSessions, MeanInterval SessionTime, MeanInterval Steps);
