using Botify.Shared.Data;
using Botify.Shared.Events;

namespace Botify.Shared.Tests.Events;

/// <summary>Which files a log folder is read from, and in what order: Botify's rotating files and the course service's own.</summary>
public sealed class EventLogReaderTests
{
    [Test]
    public void Read_CourseServiceLogFolder_DataJsonAndItsRotationsOldestFirst()
    {
        using var folder = new TempFolder();
        // The course's rotation renames data.json to data.json.1 and every older file up by one: .2 is older than .1.
        Write(folder.File("data.json.2"), timestamp: 1);
        Write(folder.File("data.json.10"), timestamp: 0);
        Write(folder.File("data.json.1"), timestamp: 2);
        Write(folder.File("data.json"), timestamp: 3);
        File.WriteAllText(folder.File("data.json.bak"), "not a log");

        var files = EventLogReader.Files(folder.Path).Select(Path.GetFileName);
        var events = EventLogReader.Read(folder.Path).Select(e => e.Timestamp);

        Assert.That(files, Is.EqualTo(new[] { "data.json.10", "data.json.2", "data.json.1", "data.json" }));
        Assert.That(events, Is.EqualTo(new long[] { 0, 1, 2, 3 }));
    }

    [Test]
    public void Files_FolderWithoutLogs_ErrorNamesThePatternsLookedFor()
    {
        using var folder = new TempFolder();
        File.WriteAllText(folder.File("notes.txt"), "nothing here");

        Assert.That(
            () => EventLogReader.Files(folder.Path),
            Throws.TypeOf<DataFileException>().With.Message.Contains(folder.Path).And.Message.Contains("*.jsonl").And.Message.Contains("data.json"));
    }

    private static void Write(string path, long timestamp) =>
        File.WriteAllText(path, EventJson.Serialize(new ListenerEvent("next", timestamp, 1, 2, 0.5, 0.001, 3, new Dictionary<string, string> { ["E"] = "C" }, "contextual")) + "\n");
}
