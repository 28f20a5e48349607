using System.Text.Json;

namespace Botify.Lab.Tests.Cli;

[Category("Integration")]
[NonParallelizable]
public sealed class ProbeCommandTests
{
    private TempFolder _folder = null!;
    private string _run = null!;
    private int _exit;

    [OneTimeSetUp]
    public void RunTinyProbe()
    {
        _folder = new TempFolder();
        _run = Path.Combine(_folder.Path, "probe");
        _exit = LabCommand.Run(["probe", "--tracks", "2000", "--users", "600", "--seed", "5", "--days", "3", "--day1-episodes", "3000", "--day-episodes", "1500",
            "--reference-episodes", "500", "--dim", "8", "--epochs", "4", "--concurrency", "8", "--arms", "C,T4", "--out", _run]);
    }

    [OneTimeTearDown]
    public void RemoveRun() => _folder.Dispose();

    [Test]
    public void Probe_TinyWorld_EachArmOnTheModelAndOnTheTruthEveryDayWithGeometryPerNight()
    {
        var run = _run;
        Assert.That(_exit, Is.EqualTo(0), "every model arm served from the model (no cold tracks, no fallback past 1 %)");
        var markdown = File.ReadAllText(Path.Combine(run, "probe.md"));
        TestContext.Out.WriteLine(markdown);
        Assert.That(markdown, Does.Contain("| arm | served from | day 2 | day 3 |"));
        foreach (var arm in new[] { "C", "T4" })
        {
            Assert.That(markdown, Does.Contain($"| {arm} | model |").And.Contain($"| {arm} | true vectors |").And.Contain($"| {arm} | model ÷ truth |"), arm);
        }

        Assert.That(markdown, Does.Contain("Botify.Lab probe --tracks 2000"), "the table names the command that made it");
        Assert.That(markdown, Does.Contain("| night | recall@10 |").And.Contain("neighbours (probe), day 3"));

        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "probe.json")));
        var days = json.RootElement.GetProperty("days");
        Assert.That(days.GetArrayLength(), Is.EqualTo(2));
        foreach (var day in days.EnumerateArray())
        {
            var model = day.GetProperty("model").EnumerateArray().ToList();
            var truth = day.GetProperty("truth").EnumerateArray().ToList();
            Assert.That(model.Select(r => r.GetProperty("treatment").GetString()), Is.EqualTo(new[] { "C", "T4" }));
            Assert.That(truth.Select(r => r.GetProperty("treatment").GetString()), Is.EqualTo(new[] { "C", "T4" }), "the replay assigns the same arms");
            Assert.That(model.Sum(r => r.GetProperty("sessions").GetInt32()), Is.EqualTo(1500));
            Assert.That(truth.Sum(r => r.GetProperty("sessions").GetInt32()), Is.EqualTo(1500), "the replay plays the same sessions, its warm-up left out");
            Assert.That(truth.Select(r => r.GetProperty("fallback").GetDouble()), Is.All.LessThanOrEqualTo(0.01), "the truth index serves every track");
            var t4 = truth.Single(r => r.GetProperty("treatment").GetString() == "T4").GetProperty("mean").GetDouble();
            var c = truth.Single(r => r.GetProperty("treatment").GetString() == "C").GetProperty("mean").GetDouble();
            Assert.That(t4, Is.GreaterThan(c), "on the true vectors the session taste beats the previous track alone");
        }

        Assert.That(json.RootElement.GetProperty("geometry").GetArrayLength(), Is.EqualTo(2), "a geometry row per night");
        Assert.That(Directory.Exists(Path.Combine(run, "truth")), Is.True, "the replays log apart from the days, so no night trains on them");
    }

    [Test]
    public void Retrain_TheProbesLogs_PrintsARowPerNightWithItsAucAndGeometry()
    {
        Assume.That(_exit, Is.EqualTo(0), "the probe run this test retrains on");
        var output = new StringWriter();

        RetrainCommand.Retrain(_run, Path.Combine(_run, "world"), [2, 1], new Train.Model.TrainerOptions { Dimension = 8, Epochs = 4, Seed = 5, Threads = 1 }, output);

        TestContext.Out.WriteLine(output);
        var rows = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.StartsWith("| ", StringComparison.Ordinal)).Skip(2).ToList();
        Assert.That(rows.Select(r => r.Split('|', StringSplitOptions.TrimEntries)[1]), Is.EqualTo(new[] { "1", "2" }), "nights in order, whatever order they were asked in");
        foreach (var cells in rows.Select(r => r.Split('|', StringSplitOptions.TrimEntries)))
        {
            Assert.That(double.Parse(cells[2], System.Globalization.CultureInfo.InvariantCulture), Is.InRange(0.5, 1.0), "held-out pairs rank above random tracks");
            Assert.That(double.Parse(cells[5], System.Globalization.CultureInfo.InvariantCulture), Is.InRange(0.0, 1.0), "affinity ratio");
        }
    }

    [Test]
    public void Retrain_NightPastTheRun_ExitsOneNamingTheMissingLog()
    {
        var error = new StringWriter();
        var saved = Console.Error;
        Console.SetError(error);
        try
        {
            Assert.That(LabCommand.Run(["retrain", "--run", _run, "--nights", "7"]), Is.EqualTo(1));
        }
        finally
        {
            Console.SetError(saved);
        }

        Assert.That(error.ToString(), Does.Contain("day4-events").And.Contain(_run));
    }
}
