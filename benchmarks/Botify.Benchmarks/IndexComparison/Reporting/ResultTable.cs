using System.Globalization;
using Spectre.Console;

namespace Botify.Benchmarks.IndexComparison.Reporting;

/// <summary>Renders a report as the console tables (the same figures as the JSON).</summary>
internal static class ResultTable
{
    public static void Write(IndexReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var exactQps = report.Results.FirstOrDefault(r => r.Ef is null)?.Qps;
        var table = new Table()
            .Title(Invariant($"{report.Vectors:N0} x {report.Dim}, {report.Queries:N0} queries, k = {report.K}, M = {report.M}, efConstruction = {report.EfConstruction}{(report.Data == "generated" ? "" : "; " + Markup.Escape(report.Data))}"))
            .AddColumn("engine")
            .AddColumn(new TableColumn("ef").RightAligned())
            .AddColumn(new TableColumn(Invariant($"recall@{report.K}")).RightAligned())
            .AddColumn(new TableColumn("qps (1 thread)").RightAligned())
            .AddColumn(new TableColumn("p50 µs").RightAligned())
            .AddColumn(new TableColumn("p99 µs").RightAligned())
            .AddColumn(new TableColumn("visited").RightAligned())
            .AddColumn(new TableColumn("x exact").RightAligned())
            .AddColumn(new TableColumn("build s").RightAligned())
            .AddColumn(new TableColumn("bytes/vector").RightAligned())
            .AddColumn(new TableColumn("alloc B/query").RightAligned());
        foreach (var row in report.Results)
        {
            table.AddRow(
                Markup.Escape(row.Engine),
                row.Ef is { } ef ? Invariant($"{ef}") : "-",
                Invariant($"{row.RecallAt10:F4}"),
                Invariant($"{row.Qps:N0}"),
                Invariant($"{row.P50Micros:F1}"),
                Invariant($"{row.P99Micros:F1}"),
                row.Visited is { } visited ? Invariant($"{visited:N0}") : "-",
                exactQps is > 0 ? Invariant($"{row.Qps / exactQps.Value:N0}") : "-",
                Invariant($"{row.BuildSeconds:F1}"),
                Invariant($"{row.BytesPerVector:N0}"),
                Invariant($"{row.AllocatedBytesPerQuery:N0}"));
        }

        AnsiConsole.Write(table);

        var sameRecall = new Table()
            .Title("fastest ef reaching each recall floor")
            .AddColumn(new TableColumn("recall floor").RightAligned())
            .AddColumn("engine")
            .AddColumn(new TableColumn("ef").RightAligned())
            .AddColumn(new TableColumn("recall").RightAligned())
            .AddColumn(new TableColumn("qps").RightAligned());
        foreach (var target in report.SameRecall)
        {
            sameRecall.AddRow(
                Invariant($"{target.RecallFloor:F2}"),
                Markup.Escape(target.Engine),
                target.Ef is { } ef ? Invariant($"{ef}") : "not reached",
                target.RecallAt10 is { } recall ? Invariant($"{recall:F4}") : "-",
                target.Qps is { } qps ? Invariant($"{qps:N0}") : "-");
        }

        AnsiConsole.Write(sameRecall);
        AnsiConsole.MarkupLine(Invariant($"[grey]fastest of {report.Passes} timed passes per row (a sweep takes them in rounds over its ef values); load average {report.LoadAverageStart:F1} at the start, {report.LoadAverageEnd:F1} at the end ({Environment.ProcessorCount} cores)[/]"));
        foreach (var (engine, notes) in report.BuildNotes)
        {
            AnsiConsole.MarkupLine(Invariant($"[grey]{Markup.Escape(engine)}: {Markup.Escape(notes)}[/]"));
        }

        var wrapper = report.Results.Where(r => r.WrapperQps is not null).ToList();
        if (wrapper.Count > 0)
        {
            var figures = string.Join(", ", wrapper.Select(r => Invariant($"ef {r.Ef}: {r.WrapperQps:N0}")));
            AnsiConsole.MarkupLine(Invariant($"[grey]usearch through the C# wrapper's allocating Search (qps): {figures}[/]"));
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
