using Botify.Lab.Loop;
using Botify.Lab.Reports;
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

    /// <summary>Prints the probe's tables and writes <c>probe.md</c> and <c>probe.json</c>; <paramref name="command"/> is the command line that made them.</summary>
    public static IReadOnlyList<string> Write(LabResult result, string command)
    {
        var markdown = ProbeReport.Render(result, command);
        AnsiConsole.WriteLine(markdown);
        return ProbeReport.Write(result, markdown);
    }
}
