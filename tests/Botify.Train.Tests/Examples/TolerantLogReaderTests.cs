using Botify.Shared.Data;
using Botify.Train.Examples;

namespace Botify.Train.Tests.Examples;

public sealed class TolerantLogReaderTests
{
    [Test]
    public void Read_CorruptAndPartialLines_AreSkippedAndCounted()
    {
        using var folder = new TempFolder();
        var path = folder.File("events.jsonl");
        File.WriteAllLines(path,
        [
            """{"message": "next", "timestamp": 1, "user": 1, "track": 10, "time": 1.0, "latency": 0.001, "recommendation": 11, "experiments": {"E": "C"}}""",
            """{"message": "next", "timestamp": 2, "user": 1, "track": 11, "ti""",
            "garbage",
            """{"message": "next", "timestamp": 3, "user": 1, "track": 12, "time": 7.5, "latency": 0.001, "recommendation": 13, "experiments": {}}""",
            """{"message": "last", "timestamp": 4, "user": 1, "track": 13, "time": 0.5, "latency": 0.001, "experiments": {"E": "C"}}""",
        ]);
        var report = new LogReadReport();

        var events = TolerantLogReader.Read([path], report);

        Assert.That(events, Has.Count.EqualTo(2));
        Assert.That(report.Events, Is.EqualTo(2));
        Assert.That(report.Skipped, Is.EqualTo(3));
        Assert.That(report.Samples[0], Does.Contain("events.jsonl:2"));
    }

    [Test]
    public void ReadPlays_SameLog_TheEventsAsTrainingKeepsThemAndTheLargestIds()
    {
        using var folder = new TempFolder();
        var path = folder.File("events.jsonl");
        File.WriteAllLines(path,
        [
            """{"message": "next", "timestamp": 5, "user": 3, "track": 10, "time": 0.25, "latency": 0.001, "recommendation": 900, "experiments": {"E": "C"}}""",
            "garbage",
            """{"message": "last", "timestamp": 6, "user": 7, "track": 12, "time": 1.0, "latency": 0.001, "experiments": {}}""",
        ]);

        var log = TolerantLogReader.ReadPlays([path], new LogReadReport());

        Assert.That(log.Plays, Is.EqualTo(new[] { new Play(5, 3, 10, 0.25f, IsLast: false), new Play(6, 7, 12, 1f, IsLast: true) }));
        Assert.That(log.Plays, Is.EqualTo(TolerantLogReader.Read([path], new LogReadReport()).Select(Play.From)));
        Assert.That((log.MaxTrack, log.MaxUser), Is.EqualTo((900, 7)), "a recommended track counts toward the model's size");
    }

    [Test]
    public void Read_EmptyLog_IsAClearError()
    {
        using var folder = new TempFolder();
        var path = folder.File("empty.jsonl");
        File.WriteAllText(path, "");

        var error = Assert.Throws<DataFileException>(() => TolerantLogReader.Read([path], new LogReadReport()));

        Assert.That(error!.Message, Does.Contain(path).And.Contain("empty"));
    }

    [Test]
    public void Read_MissingPath_NamesIt()
    {
        var error = Assert.Throws<DataFileException>(() => TolerantLogReader.Read(["/nonexistent/botify/log"], new LogReadReport()));

        Assert.That(error!.Message, Does.Contain("/nonexistent/botify/log"));
    }

    [Test]
    public void Read_CourseAbLog_AllLinesAreEventsAndSessionsRebuild()
    {
        var path = SharedData.File("course-made2022-ab-log.jsonl.gz");
        var report = new LogReadReport();

        var events = TolerantLogReader.Read([path], report);
        var sessions = SessionRebuilder.Rebuild(events, SessionRebuilder.DefaultIdleGap);

        Assert.That(report.Events, Is.EqualTo(14_539));
        Assert.That(report.Skipped, Is.Zero);
        Assert.That(sessions.Count(s => s.Ended), Is.GreaterThan(100));
        Assert.That(sessions.Where(s => s.Ended).All(s => s.Times[0] == 1.0f), Is.True, "a session starts with its first track at time 1.0");
    }
}
