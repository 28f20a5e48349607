using System.Globalization;
using System.Text;
using Botify.Lab.Loop;

namespace Botify.Lab.Reports;

/// <summary>The main job's own figures (traffic, each night's training and served model, warm-ups) as a Markdown preamble to the report.</summary>
public static class RunSummaryText
{
    public static string Render(LabResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var text = new StringBuilder();
        text.AppendLine("# Botify.Lab run");
        text.AppendLine();
        text.AppendLine(Invariant($"World: {result.Tracks:N0} tracks, {result.Listeners:N0} listeners; {result.Days.Count + 1} days. Run folder: `{result.RunFolder}`."));
        text.AppendLine();
        text.AppendLine("| stage | figures |");
        text.AppendLine("| --- | --- |");
        text.AppendLine(Day("day 1 (cold start, fallback)", result.Day1));
        foreach (var night in result.Nights)
        {
            var t = night.Training;
            var n = night.Day - 1;
            text.AppendLine(Invariant($"| night {n}: training on days 1–{n} | {t.TrainExamples:N0} examples from {t.Sessions:N0} sessions, {t.Epochs.Count} epochs; validation RMSE {t.ValidationRmse:F4} (global average {t.GlobalAverageRmse:F4}, random {t.RandomRmse:F4}); NDCG@{t.Ranking.K} of held-out offers {t.Ranking.ModelNdcg:F4} (popularity {t.Ranking.PopularityNdcg:F4}, random order {t.Ranking.RandomNdcg:F4}) |"));
            text.AppendLine(Invariant($"| night {n}: hot reload | model `{night.Served.ModelVersion}`: {night.Served.Tracks:N0} tracks, d = {night.Served.Dimension}, graph built in {night.Served.BuildSeconds:F1} s |"));
        }

        foreach (var day in result.Days)
        {
            text.AppendLine(Invariant($"| day {day.Day}: warm-up | {day.WarmUp.Describe()} |"));
            text.AppendLine(Day(Invariant($"day {day.Day} (A/B, seed {day.Seed})"), day.Traffic));
        }

        text.AppendLine();
        return text.ToString();
    }

    private static string Day(string name, DayResult day) => Invariant(
        $"| {name} | {day.Sessions:N0} sessions in {day.Elapsed.TotalSeconds:F1} s, {day.Latency.RequestsPerSecond:N0} requests/s, latency p50 {day.Latency.P50Ms:F2} ms / p99 {day.Latency.P99Ms:F2} ms, {day.Errors} failed calls |");

    private static string Invariant(FormattableString value) => value.ToString(CultureInfo.InvariantCulture);
}
