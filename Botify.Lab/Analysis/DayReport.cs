namespace Botify.Lab.Analysis;

/// <summary>
/// One A/B day of a multi-day run: its treatments' rows (mean session time, interval, sources) and
/// how the services were warmed before its traffic.
/// </summary>
/// <param name="Day">Day number; day 1 is the cold start, so A/B days start at 2.</param>
/// <param name="Seed">Seed of the day's sessions.</param>
/// <param name="Treatments">The day's analysis, one row per treatment.</param>
/// <param name="WarmedUp">False when the warm-up gave up at its time limit and the day ran anyway.</param>
/// <param name="WarmUp">What the warm-up did, in a line.</param>
public sealed record DayReport(int Day, long Seed, IReadOnlyList<TreatmentRow> Treatments, bool WarmedUp, string WarmUp);
