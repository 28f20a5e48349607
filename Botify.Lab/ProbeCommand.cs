using System.Globalization;
using Botify.Lab.Loop;
using Botify.Lab.Reports;
using Botify.Shared.Data;
using Spectre.Console;

namespace Botify.Lab;

/// <summary><c>Botify.Lab probe</c>: a few arms through the loop, each day also on the true vectors (docs/training.md, "The probe").</summary>
internal static class ProbeCommand
{
    /// <summary>The main job's arms by name, in the order given; throws naming an unknown one.</summary>
    public static IReadOnlyList<Arm> Arms(IEnumerable<string> names)
    {
        var known = Arm.Standard.ToDictionary(a => a.Name, StringComparer.OrdinalIgnoreCase);
        var arms = names.SelectMany(n => n.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Select(n => known.TryGetValue(n, out var arm) ? arm : throw new FormatException($"--arms: no arm named '{n}' (known: {string.Join(", ", Arm.Standard.Select(a => a.Name))})"))
            .DistinctBy(a => a.Name)
            .ToList();
        return arms.Count > 0 ? arms : throw new FormatException("--arms needs at least one arm");
    }

    public static async Task<int> RunAsync(LabOptions options, string command, CancellationToken cancellationToken)
    {
        if (options.Days < 2)
        {
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Botify.Lab probe: --days must be at least 2 (day 1 is the cold start), not {options.Days}"));
            return 2;
        }

        try
        {
            var result = await new LabRun(options, new ConsoleProgress()).RunAsync(cancellationToken).ConfigureAwait(false);
            var markdown = ProbeReport.Render(result, command);
            AnsiConsole.WriteLine(markdown);
            foreach (var file in ProbeReport.Write(result, markdown))
            {
                AnsiConsole.MarkupLineInterpolated($"wrote {file}");
            }

            var breaches = FallbackLimit.Check(result.Report.Days, options.Arms, options.FallbackLimit);
            foreach (var breach in breaches)
            {
                Console.Error.WriteLine(breach.ToString());
            }

            return FallbackLimit.ExitCode(breaches);
        }
        catch (Exception e) when (e is DataFileException or ArgumentException or IOException)
        {
            Console.Error.WriteLine($"Botify.Lab probe: {e.Message}");
            return 1;
        }
    }
}
