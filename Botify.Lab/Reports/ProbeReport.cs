using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Botify.Lab.Analysis;
using Botify.Lab.Loop;
using static Botify.Lab.Reports.ReportCells;

namespace Botify.Lab.Reports;

/// <summary>
/// What <c>Botify.Lab probe</c> prints and writes (<c>probe.md</c>, <c>probe.json</c>): each arm's mean
/// session time per day on the learned model and on the true vectors, their ratio, each night's geometry
/// against the truth, and the references (docs/training.md, "The probe").
/// </summary>
public static class ProbeReport
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>The probe's tables as Markdown; <paramref name="command"/> is the command line that made them.</summary>
    public static string Render(LabResult result, string command)
    {
        ArgumentNullException.ThrowIfNull(result);
        var text = new StringBuilder();
        text.AppendLine("# Botify.Lab probe");
        text.AppendLine();
        text.AppendLine(Invariant($"`{command}`: {result.Tracks:N0} tracks, {result.Listeners:N0} listeners, {result.Days.Count + 1} days (day 1 random). Run folder: `{result.RunFolder}`."));
        text.AppendLine();
        text.AppendLine("Mean session time per listener ± 95% half-width, each arm on the model trained the night before and on the world's true vectors (same day, seed, listeners and assignment); `fb` is the share of `next` calls a fallback served. `model ÷ truth` is what the learned geometry keeps of the rule's worth.");
        text.AppendLine();
        var days = result.Days;
        text.AppendLine("| arm | served from | " + string.Join(" | ", days.Select(d => Invariant($"day {d.Day}"))) + " |");
        text.AppendLine("| --- | --- | " + string.Join(" | ", days.Select(_ => "---:")) + " |");
        foreach (var arm in Treatments(days.Select(d => d.Report.Treatments)))
        {
            var learned = days.Select(d => On(d.Report.Treatments, arm)).ToArray();
            var truth = days.Select(d => d.Truth is { } t ? On(t.Treatments, arm) : null).ToArray();
            text.AppendLine(Invariant($"| {arm} | model | {string.Join(" | ", learned.Select(Cell))} |"));
            if (truth.Any(t => t is not null))
            {
                text.AppendLine(Invariant($"| {arm} | true vectors | {string.Join(" | ", truth.Select(Cell))} |"));
                text.AppendLine(Invariant($"| {arm} | model ÷ truth | {string.Join(" | ", learned.Zip(truth, Ratio))} |"));
            }
        }

        text.AppendLine();
        foreach (var reference in result.Report.References)
        {
            text.AppendLine(Invariant($"- {reference.Name}, day {days[^1].Day}: {reference.Mean:F3} ± {reference.HalfWidth95:F3}"));
        }

        text.AppendLine();
        RunSummaryText.Geometry(text, [.. result.Nights.Select(n => n.Geometry)]);
        return text.ToString();
    }

    /// <summary>Writes <c>probe.md</c> and <c>probe.json</c> into the run folder; returns their paths.</summary>
    public static IReadOnlyList<string> Write(LabResult result, string markdown)
    {
        ArgumentNullException.ThrowIfNull(result);
        var md = Path.Combine(result.RunFolder, "probe.md");
        File.WriteAllText(md, markdown);
        var json = Path.Combine(result.RunFolder, "probe.json");
        var days = result.Days.Select(d => new
        {
            d.Day,
            d.Seed,
            Model = Rows(d.Report),
            Truth = d.Truth is { } t ? Rows(t) : [],
        });
        File.WriteAllText(json, JsonSerializer.Serialize(new { Days = days, result.Report.References, result.Report.Geometry }, Json));
        return [md, json];
    }

    private static object[] Rows(ExperimentReport report) =>
        [.. report.Treatments.Select(r => new { r.Stats.Treatment, r.Stats.Mean, HalfWidth95 = r.Stats.HalfWidth95, r.Stats.Sessions, Fallback = r.Stats.Sources?.Fallback ?? double.NaN, Memory = r.Stats.Sources?.Memory ?? double.NaN })];

    private static string Cell(TreatmentStats? s) => s is null ? "—" : s.Sources is { } f ? Invariant($"{Mean(s)} · fb {f.Fallback:P1}") : Mean(s);

    private static string Ratio(TreatmentStats? learned, TreatmentStats? truth) =>
        learned is null || truth is null || truth.Mean <= 0 ? "—" : Invariant($"{learned.Mean / truth.Mean:F2}");
}
