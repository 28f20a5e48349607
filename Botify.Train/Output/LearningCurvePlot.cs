using Botify.Train.Model;

namespace Botify.Train.Output;

/// <summary>Draws train and validation RMSE per epoch, with the baselines as dashed lines (PNG, ScottPlot).</summary>
public static class LearningCurvePlot
{
    public const string FileName = "learning-curve.png";

    public static string Write(IReadOnlyList<EpochResult> epochs, double globalAverageRmse, double randomRmse, string folder)
    {
        ArgumentNullException.ThrowIfNull(epochs);
        var plot = new ScottPlot.Plot();
        var x = epochs.Select(e => (double)e.Epoch).ToArray();
        var train = plot.Add.Scatter(x, epochs.Select(e => e.TrainRmse).ToArray());
        train.LegendText = "train RMSE";
        if (epochs.Any(e => !double.IsNaN(e.ValidationRmse)))
        {
            var validation = plot.Add.Scatter(x, epochs.Select(e => e.ValidationRmse).ToArray());
            validation.LegendText = "validation RMSE";
        }

        if (!double.IsNaN(globalAverageRmse))
        {
            var average = plot.Add.HorizontalLine(globalAverageRmse);
            average.LinePattern = ScottPlot.LinePattern.Dashed;
            average.LegendText = "global average";
        }

        if (!double.IsNaN(randomRmse))
        {
            var random = plot.Add.HorizontalLine(randomRmse);
            random.LinePattern = ScottPlot.LinePattern.Dotted;
            random.LegendText = "random";
        }

        plot.Title("Botify.Train learning curve");
        plot.XLabel("epoch");
        plot.YLabel("RMSE of share heard");
        plot.ShowLegend();
        var path = Path.Combine(folder, FileName);
        plot.SavePng(path, 800, 500);
        return path;
    }
}
