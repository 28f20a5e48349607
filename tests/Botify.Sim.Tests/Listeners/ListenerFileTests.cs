using Botify.Shared.Data;
using Botify.Sim.Listeners;

namespace Botify.Sim.Tests.Listeners;

public sealed class ListenerFileTests
{
    [Test]
    public void SaveLoad_AllFields_RoundTrips()
    {
        using var folder = new TempFolder();
        var path = folder.File("users.json");
        Listener[] listeners =
        [
            new(0, [1, 2, 3], 9.642594065845353, 1.9311133653067558, 7, 0.5, 20),
            new(4, [0], 0.0006357929630929071, 0.5, 1, 1.0, 1),
        ];

        ListenerFile.Save(path, listeners);
        var loaded = ListenerFile.Load(path);

        Assert.That(loaded, Has.Count.EqualTo(2));
        for (var i = 0; i < listeners.Length; i++)
        {
            Assert.Multiple(() =>
            {
                Assert.That(loaded[i] with { Interests = listeners[i].Interests }, Is.EqualTo(listeners[i]));
                Assert.That(loaded[i].Interests, Is.EqualTo(listeners[i].Interests));
            });
        }
    }

    [Test]
    public void Load_CourseLineWithoutOptionalFields_TakesCourseDefaults()
    {
        using var folder = new TempFolder();
        var path = folder.File("users.json");
        File.WriteAllText(path, "{\"user\": 0, \"interests\": [44973, 6615, 4773], \"consume_bias\": 9.642594065845353, \"consume_sharpness\": 1.9311133653067558}\n{\"user\": 1, \"interests\": [5]}\n");

        var loaded = ListenerFile.Load(path);

        Assert.Multiple(() =>
        {
            Assert.That(loaded[0].ConsumeBias, Is.EqualTo(9.642594065845353));
            Assert.That(loaded[0].SessionBudget, Is.EqualTo(5));
            Assert.That(loaded[0].ArtistDiscountGamma, Is.EqualTo(0.8));
            Assert.That(loaded[0].InterestNeighbours, Is.EqualTo(10));
            Assert.That(loaded[1].ConsumeBias, Is.EqualTo(5.0));
            Assert.That(loaded[1].ConsumeSharpness, Is.EqualTo(1.0));
        });
    }

    [TestCase("{\"interests\": [1]}", "line 2: field 'user' is missing")]
    [TestCase("{\"user\": 1, \"interests\": []}", "line 2: field 'interests' is missing or empty")]
    [TestCase("{\"user\": 1, \"interests\": [1], \"session_budget\": 0}", "line 2: field 'session_budget' is 0")]
    [TestCase("{\"user\": 1, \"interests\": [1], \"artist_discount_gamma\": 1.5}", "line 2: field 'artist_discount_gamma' is 1.5")]
    [TestCase("{\"user\": 1, \"interests\": [100]}", "line 2: field 'interests' holds track 100, outside 0..9")]
    [TestCase("{\"user\": 0, \"interests\": [1]}", "line 2: field 'user' is 0, which appears twice")]
    [TestCase("{\"user\": 1, \"interests\": \"x\"}", "line 2: not a valid listener record")]
    public void Load_MalformedLine_NamesFileLineAndField(string line, string fault)
    {
        using var folder = new TempFolder();
        var path = folder.File("users.json");
        File.WriteAllText(path, "{\"user\": 0, \"interests\": [1]}\n" + line + "\n");

        var error = Assert.Throws<DataFileException>(() => ListenerFile.Load(path, trackCount: 10));

        Assert.Multiple(() =>
        {
            Assert.That(error.FilePath, Is.EqualTo(path));
            Assert.That(error.Fault, Does.StartWith(fault));
        });
    }

    [Test]
    public void Load_CourseUsers_ReadsAllWithDefaults()
    {
        var path = SharedData.File("course-users.jsonl.gz");

        var loaded = ListenerFile.Load(path, trackCount: 50_000);

        Assert.Multiple(() =>
        {
            Assert.That(loaded, Has.Count.EqualTo(10_000));
            Assert.That(loaded[0].Interests, Is.EqualTo(new[] { 44973, 6615, 4773 }));
            Assert.That(loaded.All(l => l.SessionBudget == 5 && l.InterestNeighbours == 10 && l.ArtistDiscountGamma == 0.8), Is.True);
        });
    }
}
