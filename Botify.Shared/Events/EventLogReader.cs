using System.Text;
using Botify.Shared.Data;

namespace Botify.Shared.Events;

/// <summary>
/// Reads event logs: one JSON-lines file (optionally <c>.gz</c>), or a folder of them as the
/// service's rotating writer leaves it (files read in ordinal name order, which is write order).
/// Reads the course's logs as well as Botify's.
/// </summary>
public static class EventLogReader
{
    /// <summary>File name patterns of event logs inside a folder.</summary>
    public static IReadOnlyList<string> FilePatterns { get; } = ["*.jsonl", "*.jsonl.gz"];

    /// <summary>The log files of <paramref name="path"/>: the file itself, or a folder's log files in write order.</summary>
    /// <exception cref="DataFileException">Neither a file nor a folder exists at the path.</exception>
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

        return [.. FilePatterns.SelectMany(pattern => Directory.EnumerateFiles(path, pattern)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
    }

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
