using Botify.Lab.Analysis;

namespace Botify.Lab.Reports;

/// <summary>Bars of mean session time per treatment with 95% intervals, reference bounds as lines (PNG, ScottPlot).</summary>
public static class SessionTimeChart
{
    public static void Write(ExperimentReport report, string path)
    {
        ArgumentNullException.ThrowIfNull(report);
        var plot = new ScottPlot.Plot();
        var ticks = new List<ScottPlot.Tick>();
        for (var i = 0; i < report.Treatments.Count; i++)
        {
            var stats = report.Treatments[i].Stats;
            var bar = new ScottPlot.Bar
            {
                Position = i,
                Value = stats.Mean,
                Error = double.IsNaN(stats.HalfWidth95) ? 0 : stats.HalfWidth95,
                FillColor = stats.Treatment == report.Control ? ScottPlot.Colors.Gray : ScottPlot.Colors.SteelBlue,
            };
            plot.Add.Bar(bar);
            ticks.Add(new ScottPlot.Tick(i, stats.Treatment));
        }

        foreach (var reference in report.References)
        {
            var line = plot.Add.HorizontalLine(reference.Mean);
            line.LinePattern = ScottPlot.LinePattern.Dashed;
            line.LegendText = reference.Name;
        }

        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual([.. ticks]);
        plot.Axes.Margins(bottom: 0);
        plot.Title($"Mean session time per treatment, 95% CI — {report.Experiment}");
        plot.YLabel("mean time per session (tracks heard)");
        if (report.References.Count > 0)
        {
            plot.ShowLegend();
        }

        plot.SavePng(path, 900, 520);
    }
}
