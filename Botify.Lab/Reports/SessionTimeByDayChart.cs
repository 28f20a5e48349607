using Botify.Lab.Analysis;

namespace Botify.Lab.Reports;

/// <summary>Mean session time per treatment over the A/B days, one line per treatment with 95% error bars, references as dashed lines (PNG, ScottPlot).</summary>
public static class SessionTimeByDayChart
{
    public static void Write(ExperimentReport report, string path)
    {
        ArgumentNullException.ThrowIfNull(report);
        var plot = new ScottPlot.Plot();
        var palette = new ScottPlot.Palettes.Category10();
        var treatments = report.Days.SelectMany(d => d.Treatments.Select(r => r.Stats.Treatment)).Distinct(StringComparer.Ordinal).ToList();
        for (var i = 0; i < treatments.Count; i++)
        {
            // Each treatment a little to the side of the day, so the error bars do not hide each other.
            var dodge = (i - ((treatments.Count - 1) / 2.0)) * 0.04;
            var points = report.Days
                .SelectMany(d => d.Treatments.Where(r => r.Stats.Treatment == treatments[i]).Select(r => (X: d.Day + dodge, r.Stats.Mean, Error: double.IsNaN(r.Stats.HalfWidth95) ? 0 : r.Stats.HalfWidth95)))
                .ToList();
            var color = palette.GetColor(i);
            var xs = points.Select(p => p.X).ToArray();
            var ys = points.Select(p => p.Mean).ToArray();
            var line = plot.Add.Scatter(xs, ys, color);
            line.LegendText = treatments[i];
            var bars = plot.Add.ErrorBar(xs, ys, points.Select(p => p.Error).ToArray());
            bars.Color = color;
        }

        foreach (var reference in report.References.Where(r => r.Name != ReferenceRow.OracleName))
        {
            // The oracle sits an order of magnitude above every arm; drawn, it would flatten them all.
            var line = plot.Add.HorizontalLine(reference.Mean);
            line.LinePattern = ScottPlot.LinePattern.Dashed;
            line.LegendText = reference.Name;
        }

        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            [.. report.Days.Select(d => new ScottPlot.Tick(d.Day, "day " + d.Day.ToString(System.Globalization.CultureInfo.InvariantCulture)))]);
        plot.Title($"Mean session time per treatment and day, 95% CI — {report.Experiment}");
        plot.YLabel("mean time per session (tracks heard)");
        if (report.Days.Count > 0)
        {
            plot.Axes.SetLimitsX(report.Days[0].Day - 0.5, report.Days[^1].Day + 0.5);
        }

        plot.ShowLegend(ScottPlot.Edge.Right);
        plot.SavePng(path, 1000, 520);
    }
}
