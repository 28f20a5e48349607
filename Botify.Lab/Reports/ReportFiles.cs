using System.Text.Json;
using System.Text.Json.Serialization;
using Botify.Lab.Analysis;

namespace Botify.Lab.Reports;

/// <summary>Writes a report into a folder as <c>report.md</c>, <c>report.json</c> and <c>report.png</c>, and <c>report-days.png</c> for a multi-day run.</summary>
public static class ReportFiles
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static IReadOnlyList<string> Write(ExperimentReport report, string folder, string? preamble = null)
    {
        ArgumentNullException.ThrowIfNull(report);
        Directory.CreateDirectory(folder);
        var markdown = Path.Combine(folder, "report.md");
        File.WriteAllText(markdown, (preamble ?? string.Empty) + MarkdownReport.Render(report));
        var json = Path.Combine(folder, "report.json");
        File.WriteAllText(json, JsonSerializer.Serialize(report, Json));
        var chart = Path.Combine(folder, "report.png");
        SessionTimeChart.Write(report, chart);
        if (report.Days.Count == 0)
        {
            return [markdown, json, chart];
        }

        var days = Path.Combine(folder, "report-days.png");
        SessionTimeByDayChart.Write(report, days);
        return [markdown, json, chart, days];
    }
}
