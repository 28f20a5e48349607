using System.Diagnostics;
using Spectre.Console;

namespace Botify.Benchmarks.IndexComparison;

/// <summary>Progress lines stamped with the time since the run started.</summary>
internal sealed class RunLog
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    public double ElapsedSeconds => _clock.Elapsed.TotalSeconds;

    public void Step(string message) =>
        AnsiConsole.MarkupLine(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"[grey]{_clock.Elapsed.TotalSeconds,7:F1} s[/]  {Markup.Escape(message)}"));
}
