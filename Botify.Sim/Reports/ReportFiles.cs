using System.Text.Json;
using Botify.Shared.Data;
using Botify.Sim.Sessions;

namespace Botify.Sim.Reports;

/// <summary>Writes what a run produced: the sessions as JSON lines and the summary as one JSON document.</summary>
public static class ReportFiles
{
    /// <summary>One line per session: <c>{"episode", "user", "treatment", "time", "steps", "errors", "truncated"}</c>.</summary>
    public static void WriteSessions(string path, IEnumerable<SessionRecord> sessions)
    {
        ArgumentNullException.ThrowIfNull(sessions);
        using var writer = TextFiles.CreateText(path);
        foreach (var session in sessions)
        {
            writer.WriteLine(JsonSerializer.Serialize(session, ReportJsonContext.Default.SessionRecord));
        }
    }

    /// <summary>The summary, indented, for scripts.</summary>
    public static void WriteSummary(string path, RunSummary summary)
    {
        using var writer = TextFiles.CreateText(path);
        writer.Write(JsonSerializer.Serialize(summary, SummaryJsonContext.Default.RunSummary));
        writer.WriteLine();
    }

    /// <summary>Reads a summary written by <see cref="WriteSummary"/>.</summary>
    public static RunSummary ReadSummary(string path)
    {
        using var reader = TextFiles.OpenText(path);
        return JsonSerializer.Deserialize(reader.ReadToEnd(), SummaryJsonContext.Default.RunSummary)
            ?? throw new DataFileException(path, "the summary is null");
    }

    /// <summary>Reads sessions written by <see cref="WriteSessions"/>.</summary>
    public static IReadOnlyList<SessionRecord> ReadSessions(string path)
    {
        var sessions = new List<SessionRecord>();
        using var reader = TextFiles.OpenText(path);
        while (reader.ReadLine() is { } line)
        {
            if (!string.IsNullOrWhiteSpace(line))
            {
                sessions.Add(JsonSerializer.Deserialize(line, ReportJsonContext.Default.SessionRecord)
                    ?? throw new DataFileException(path, "a session line is null"));
            }
        }

        return sessions;
    }
}
