using System.Globalization;
using System.Text;
using Botify.Lab.Analysis;
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
            text.AppendLine(Invariant($"| night {n}: training on days 1–{n} | {t.TrainExamples:N0} examples from {t.Sessions:N0} sessions, {t.Epochs.Count} epochs; {Training(t)}; NDCG@{t.Ranking.K} of held-out offers {t.Ranking.ModelNdcg:F4} (popularity {t.Ranking.PopularityNdcg:F4}, random order {t.Ranking.RandomNdcg:F4}); {t.Contexts.Describe()} |"));
            text.AppendLine(Invariant($"| night {n}: hot reload | model `{night.Served.ModelVersion}`: {night.Served.Tracks:N0} tracks, d = {night.Served.Dimension}, graph built in {night.Served.BuildSeconds:F1} s |"));
        }

        foreach (var day in result.Days)
        {
            text.AppendLine(Invariant($"| day {day.Day}: warm-up | {day.WarmUp.Describe()} |"));
            text.AppendLine(Day(Invariant($"day {day.Day} (A/B, seed {day.Seed})"), day.Traffic));
        }

        text.AppendLine();
        Geometry(text, [.. result.Nights.Select(n => n.Geometry)]);
        return text.ToString();
    }

    // Night by night, each figure with its change from the night before, so a reader sees whether more
    // logs made a better geometry.
    internal static void Geometry(StringBuilder text, GeometryReport[] nights)
    {
        if (nights.Length == 0)
        {
            return;
        }

        var first = nights[0];
        text.AppendLine(Invariant(
            $"Geometry against the truth: {first.Sample:N0} tracks sampled once per run; recall@{first.K} of each one's true top-{first.K} (by the hidden true vectors) among its learned top-{first.K} (by the score the index serves), and the true affinity of the learned top-{first.K} over that of the true top-{first.K}. The truth scores the model here only; it never feeds training or serving."));
        text.AppendLine();
        text.AppendLine(Invariant($"| night | recall@{first.K} | affinity ratio | sampled tracks heard ≥ {first.MinPlays} times | their recall@{first.K} | their affinity ratio | measured in |"));
        text.AppendLine("| --- | --- | --- | --- | --- | --- | --- |");
        GeometryReport? previous = null;
        foreach (var g in nights)
        {
            text.AppendLine(Invariant(
                $"| {g.Night} | {Moved(g.Recall, previous?.Recall)} | {Moved(g.AffinityRatio, previous?.AffinityRatio)} | {g.HeardSample:N0} of {g.Sample:N0} | {Moved(g.HeardRecall, previous?.HeardRecall)} | {Moved(g.HeardAffinityRatio, previous?.HeardAffinityRatio)} | {g.Seconds:F1} s |"));
            previous = g;
        }

        text.AppendLine();
    }

    private static string Moved(double value, double? before) => before is { } b && !double.IsNaN(b) && !double.IsNaN(value)
        ? Invariant($"{value:F3} ({value - b:+0.000;−0.000;±0.000})")
        : Invariant($"{value:F3}");

    /// <summary>
    /// The held-out pair loss the model is stopped on, then the regression's RMSE; an RMSE above the global
    /// average says why on the same line (co-listening, docs/training.md), so it does not read as a failed model.
    /// </summary>
    private static string Training(Train.Output.TrainingReport t)
    {
        var pairLoss = t.Epochs.Where(e => double.IsFinite(e.ValidationPairLoss)).Select(e => e.ValidationPairLoss).DefaultIfEmpty(double.NaN).Min();
        var rmse = Invariant($"validation RMSE of the share heard {t.ValidationRmse:F4} (global average {t.GlobalAverageRmse:F4}, random {t.RandomRmse:F4})");
        var why = t.ValidationRmse > t.GlobalAverageRmse
            ? ", above the global average because co-listening pushes inner products past the share scale: the model is stopped on the pair loss, which serving ranks by (docs/training.md)"
            : string.Empty;
        var rates = t.RatesTried.Count > 1
            ? "; learning rate " + string.Join(", ", t.RatesTried.Select(r => Invariant($"{r.Rate} (AUC {r.PairAuc:F4})"))) + ": the higher AUC is kept"
            : string.Empty;
        return double.IsNaN(pairLoss) ? rmse + why : Invariant($"held-out liked pairs above a random track (AUC) {t.PairAuc:F4}, pair loss {pairLoss:F4} (what the epochs stop on){rates}; {rmse}{why}");
    }

    private static string Day(string name, DayResult day) => Invariant(
        $"| {name} | {day.Sessions:N0} sessions in {day.Elapsed.TotalSeconds:F1} s, {day.Latency.RequestsPerSecond:N0} requests/s, latency p50 {day.Latency.P50Ms:F2} ms / p99 {day.Latency.P99Ms:F2} ms, {day.Errors} failed calls |");

    private static string Invariant(FormattableString value) => value.ToString(CultureInfo.InvariantCulture);
}
