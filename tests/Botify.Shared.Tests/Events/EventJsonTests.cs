using Botify.Shared.Data;
using Botify.Shared.Events;

namespace Botify.Shared.Tests.Events;

public sealed class EventJsonTests
{
    [Test]
    public void Serialize_NextEvent_WritesTheCourseFieldsInOrder()
    {
        var item = new ListenerEvent("next", 1657220817964, 1984, 1228, 0.99, 0.0005, 7286, new Dictionary<string, string> { ["AA"] = "T1" }, "contextual");

        Assert.That(EventJson.Serialize(item), Is.EqualTo(
            "{\"message\":\"next\",\"timestamp\":1657220817964,\"user\":1984,\"track\":1228,\"time\":0.99,\"latency\":0.0005,\"recommendation\":7286,\"experiments\":{\"AA\":\"T1\"},\"source\":\"contextual\"}"));
    }

    [Test]
    public void Parse_SerializedLastEvent_RoundTrips()
    {
        var item = new ListenerEvent("last", 5, 1, 2, 0.0, 0.25, null, new Dictionary<string, string> { ["E"] = "C" });

        var parsed = EventJson.Parse(EventJson.Serialize(item));

        Assert.That(parsed with { Experiments = item.Experiments }, Is.EqualTo(item));
        Assert.That(parsed.Experiments, Is.EquivalentTo(item.Experiments));
        Assert.That(parsed.IsLast, Is.True);
    }

    [TestCase("{\"message\":\"next\",\"timestamp\":1,\"user\":1,\"time\":0.5}", "'track'")]
    [TestCase("{\"message\":\"next\",\"timestamp\":1,\"user\":\"x\",\"track\":1,\"time\":0.5}", "wrong type")]
    [TestCase("[1,2]", "expected a JSON object")]
    [TestCase("{\"message\":", "not valid JSON")]
    public void Parse_BadLine_NamesTheFault(string line, string expected) =>
        Assert.That(() => EventJson.Parse(line), Throws.TypeOf<FormatException>().With.Message.Contains(expected));

    [Test]
    public void Read_BadLineInFile_NamesFileAndLine()
    {
        using var folder = new TempFolder();
        var path = folder.File("log.jsonl");
        File.WriteAllLines(path, [EventJson.Serialize(new ListenerEvent("next", 1, 1, 1, 1, 0, 2, new Dictionary<string, string>())), "{oops"]);

        Assert.That(() => EventLogReader.Read(path).ToList(), Throws.TypeOf<DataFileException>().With.Message.Contains("log.jsonl").And.Message.Contains("line 2"));
    }

    [Test]
    public void Read_CourseAbLog_ReadsEveryEvent()
    {
        var path = SharedData.File("course-made2022-ab-log.jsonl.gz");

        var events = EventLogReader.Read(path).ToList();

        Assert.That(events, Has.Count.EqualTo(14_539));
        Assert.That(events.Count(e => e.IsLast), Is.EqualTo(2000));
        Assert.That(events.Where(e => e.IsLast).All(e => e.Recommendation is null), Is.True);
        Assert.That(events[0], Has.Property(nameof(ListenerEvent.User)).EqualTo(1984).And.Property(nameof(ListenerEvent.Recommendation)).EqualTo(1228));
        Assert.That(events[0].Experiments, Is.EquivalentTo(new Dictionary<string, string> { ["AA"] = "T1", ["RECOMMENDERS"] = "C" }));
    }
}
