using System.Globalization;
using Botify.Train.Output;
using Spectre.Console;

namespace Botify.Train;

/// <summary>Prints a training report as tables.</summary>
internal static class TrainingReportPrinter
{
    public static void Print(TrainingReport report)
    {
        var log = report.Log;
        var from = log.Stream is null ? Invariant($"{log.Files} file(s)") : log.Stream;
        AnsiConsole.MarkupLine(Invariant($"Read [bold]{log.Events:N0}[/] events from {Markup.Escape(from)}; skipped {log.Skipped:N0} corrupt, duplicate or out-of-range item(s)."));
        foreach (var sample in log.Samples)
        {
            AnsiConsole.MarkupLineInterpolated($"  [grey]skipped {sample}[/]");
        }

        AnsiConsole.MarkupLine(Invariant($"{report.Sessions:N0} sessions: {report.TrainExamples:N0} training examples, {report.ValidationExamples:N0} held out; {report.CoListeningPairs:N0} co-listening pairs."));

        var epochs = new Table().AddColumns("epoch", "train RMSE", "validation RMSE", "train pair loss", "validation pair loss", "steps/s", "seconds");
        foreach (var e in report.Epochs)
        {
            epochs.AddRow(Invariant($"{e.Epoch}"), Invariant($"{e.TrainRmse:F4}"), Invariant($"{e.ValidationRmse:F4}"), Invariant($"{e.TrainPairLoss:F4}"),
                Invariant($"{e.ValidationPairLoss:F4}"), Invariant($"{e.ExamplesPerSecond:N0}"), Invariant($"{e.Seconds:F2}"));
        }

        AnsiConsole.Write(epochs);

        var quality = new Table().AddColumns("predictor", "validation RMSE", Invariant($"NDCG@{report.Ranking.K} of offered tracks"));
        quality.AddRow("Botify model", Invariant($"{report.ValidationRmse:F4}"), Invariant($"{report.Ranking.ModelNdcg:F4}"));
        quality.AddRow("global average / popularity", Invariant($"{report.GlobalAverageRmse:F4}"), Invariant($"{report.Ranking.PopularityNdcg:F4}"));
        quality.AddRow("random", Invariant($"{report.RandomRmse:F4}"), Invariant($"{report.Ranking.RandomNdcg:F4}"));
        AnsiConsole.Write(quality);
        AnsiConsole.MarkupLine(Invariant($"Ranking measured on {report.Ranking.Sessions:N0} held-out sessions: their offered tracks ordered for the first track + listener."));
        if (!double.IsNaN(report.PairAuc))
        {
            AnsiConsole.MarkupLine(Invariant($"Held-out liked pairs ranked above a random track (AUC, what co-listening trains for): [bold]{report.PairAuc:F4}[/] (random 0.5)."));
        }

        if (report.ValidationRmse > report.GlobalAverageRmse)
        {
            AnsiConsole.MarkupLine("The share-heard RMSE is above the global average because co-listening pushes inner products past the share scale; the epochs stop on the pair loss, which serving ranks by (docs/training.md).");
        }

        AnsiConsole.MarkupLineInterpolated($"Wrote model [bold]{report.ModelVersion}[/] to {report.BundlePath} ({report.Contexts.Describe()}; {report.ColdUsers} cold listeners).");
        if (report.LearningCurvePath is not null)
        {
            AnsiConsole.MarkupLineInterpolated($"Learning curve: {report.LearningCurvePath}");
        }

        if (report.CourseExportPath is not null)
        {
            AnsiConsole.MarkupLineInterpolated($"Course recommendations: {report.CourseExportPath}");
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
