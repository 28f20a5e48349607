using System.Globalization;
using Botify.Lab.Analysis;

namespace Botify.Lab.Reports;

/// <summary>Cells the Markdown and console reports share, formatted the same way in both.</summary>
internal static class ReportCells
{
    public const string DaysLegend = "Each cell: mean time per session ± 95% half-width; fallback share of `next` calls / of sessions touched by one; explore share of `next` calls; memory share of `next` calls (memory arms).";

    public static string Mean(TreatmentStats s) => Invariant($"{s.Mean:F3} ± {s.HalfWidth95:F3}");

    /// <summary>Fallback share of <c>next</c> calls / of sessions touched by one; a dash when the log carries no sources.</summary>
    public static string Fallback(TreatmentStats s) => s.Sources is { } f ? Invariant($"{f.Fallback:P2} / {f.SessionsWithFallback:P1}") : "—";

    public static string Explore(TreatmentStats s) => s.Sources is { } f ? Invariant($"{f.Explore:P2}") : "—";

    public static string Memory(TreatmentStats s) => s.Sources is { } f ? Invariant($"{f.Memory:P1}") : "—";

    public static string Effect(TreatmentRow row) => row.Effect is { } e
        ? Invariant($"{e.Percent:+0.00;-0.00} [{e.Lower:+0.00;-0.00}, {e.Upper:+0.00;-0.00}]{(e.Significant ? " *" : string.Empty)}")
        : "control";

    /// <summary>One arm on one day: mean ± half-width, fallback and explore shares.</summary>
    public static string DayCell(TreatmentStats s) => s.Sources is null
        ? Mean(s)
        : Invariant($"{Mean(s)} · fb {Fallback(s)} · ex {Explore(s)}{(s.Sources!.Memory > 0 ? Invariant($" · mem {Memory(s)}") : string.Empty)}");

    /// <summary>Treatments in the order they first appear over the days.</summary>
    public static IReadOnlyList<string> Treatments(IReadOnlyList<DayReport> days) => Treatments(days.Select(d => d.Treatments));

    /// <summary>Treatments in the order they first appear over the days' rows.</summary>
    public static IReadOnlyList<string> Treatments(IEnumerable<IReadOnlyList<TreatmentRow>> days) =>
        [.. days.SelectMany(rows => rows.Select(r => r.Stats.Treatment)).Distinct(StringComparer.Ordinal)];

    public static TreatmentStats? On(DayReport day, string treatment) => On(day.Treatments, treatment);

    public static TreatmentStats? On(IReadOnlyList<TreatmentRow> rows, string treatment) => rows.FirstOrDefault(r => r.Stats.Treatment == treatment)?.Stats;

    public static string Invariant(FormattableString value) => value.ToString(CultureInfo.InvariantCulture);
}
