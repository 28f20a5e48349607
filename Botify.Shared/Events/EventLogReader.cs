using System.Text;
using Botify.Shared.Data;

namespace Botify.Shared.Events;

/// <summary>
/// Reads event logs: one JSON-lines file (optionally <c>.gz</c>), or a folder of them as a writer leaves it:
/// Botify's rotating files (read in ordinal name order, which is write order), or the course service's
/// <c>data.json</c> with the numbered files its rotation leaves (<c>data.json.2</c>, <c>data.json.1</c>, then
/// <c>data.json</c>: oldest first). Reads the course's logs as well as Botify's.
/// </summary>
public static class EventLogReader
{
    /// <summary>The course service's log file; its rotation renames it to <c>data.json.1</c>, the older ones up by one.</summary>
    public const string CourseLogFile = "data.json";

    /// <summary>File name patterns of Botify's event logs inside a folder.</summary>
    public static IReadOnlyList<string> FilePatterns { get; } = ["*.jsonl", "*.jsonl.gz"];

    /// <summary>What a folder is searched for, as an error message says it.</summary>
    public static string Looked => $"{string.Join(", ", FilePatterns)}, or the course service's {CourseLogFile} and its rotations {CourseLogFile}.1, {CourseLogFile}.2, …";

    /// <summary>The log files of <paramref name="path"/>: the file itself, or a folder's log files in write order.</summary>
    /// <exception cref="DataFileException">Nothing exists at the path, or a folder holds no event log file.</exception>
    public static IReadOnlyList<string> Files(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (File.Exists(path))
        {
            return [path];
        }

        if (!Directory.Exists(path))
        {
            throw new DataFileException(path, "no event log file or folder here");
        }

        List<string> files = [.. FilePatterns.SelectMany(pattern => Directory.EnumerateFiles(path, pattern)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
        files.AddRange(CourseFiles(path));
        if (files.Count == 0)
        {
            throw new DataFileException(path, $"no event log file in this folder (looked for {Looked})");
        }

        return files;
    }

    /// <summary>The course service's <c>data.json.N</c> (highest N, the oldest, first) and then <c>data.json</c>.</summary>
    private static IEnumerable<string> CourseFiles(string folder)
    {
        var rotated = Directory.EnumerateFiles(folder, CourseLogFile + ".*")
            .Select(file => (File: file, Number: RotationNumber(Path.GetFileName(file))))
            .Where(f => f.Number > 0)
            .OrderByDescending(f => f.Number)
            .Select(f => f.File);
        var current = Path.Combine(folder, CourseLogFile);
        return File.Exists(current) ? rotated.Append(current) : rotated;
    }

    /// <summary>N of <c>data.json.N</c>; 0 for any other name (the pattern also matches <c>data.json</c> itself).</summary>
    private static int RotationNumber(string name) =>
        name.Length > CourseLogFile.Length + 1
        && int.TryParse(name.AsSpan(CourseLogFile.Length + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number)
            ? number
            : 0;

    /// <summary>Reads every event of a file or folder, in file order.</summary>
    /// <exception cref="DataFileException">A file is missing or a line is not an event (the message names the file, line and field).</exception>
    public static IEnumerable<ListenerEvent> Read(string path)
    {
        foreach (var file in Files(path))
        {
            foreach (var item in ReadFile(file))
            {
                yield return item;
            }
        }
    }

    private static IEnumerable<ListenerEvent> ReadFile(string file)
    {
        using var reader = TextFiles.OpenText(file);
        var lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            ListenerEvent parsed;
            try
            {
                parsed = EventJson.Parse(Encoding.UTF8.GetBytes(line));
            }
            catch (FormatException e)
            {
                throw new DataFileException(file, $"line {lineNumber}: {e.Message}", e);
            }

            yield return parsed;
        }
    }
}
