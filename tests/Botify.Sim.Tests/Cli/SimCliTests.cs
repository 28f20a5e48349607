using Botify.Sim.Cli;
using Botify.Sim.Reports;
using Botify.Sim.Tests.Remote;
using Spectre.Console;
using Spectre.Console.Testing;

namespace Botify.Sim.Tests.Cli;

public sealed class SimCliTests
{
    private static readonly Lazy<TempFolder> World = new(() =>
    {
        var folder = new TempFolder();
        TinyWorlds.Small.Save(folder.Path);
        return folder;
    });

    [OneTimeTearDown]
    public void RemoveWorld()
    {
        if (World.IsValueCreated)
        {
            World.Value.Dispose();
        }
    }

    [TestCase("--nonsense")]
    [TestCase("run", "--world")]
    [TestCase("run", "--world", "x", "--agent", "clever")]
    [TestCase("world")]
    public async Task RunAsync_BadUsage_ExitsWithTwo(params string[] args) =>
        Assert.That(await SimCli.RunAsync(args, new TestConsole()), Is.EqualTo(SimCli.Usage));

    [Test]
    public async Task RunAsync_BothAgentAndTarget_ExitsWithTwo() =>
        Assert.That(await SimCli.RunAsync(["run", "--world", World.Value.Path, "--agent", "random", "--target", "http://127.0.0.1:1"], new TestConsole()), Is.EqualTo(SimCli.Usage));

    [Test]
    public async Task RunAsync_MissingWorld_ExitsWithOne()
    {
        using var folder = new TempFolder();

        Assert.That(await SimCli.RunAsync(["run", "--world", folder.File("nothing"), "--agent", "random"], new TestConsole()), Is.EqualTo(SimCli.Failure));
    }

    [Test]
    public async Task RunAsync_WorldThenRun_WritesWorldSessionsAndSummary()
    {
        using var folder = new TempFolder();
        var console = new TestConsole();

        var world = await SimCli.RunAsync(["world", "--out", folder.File("w"), "--tracks", "2000", "--users", "100", "--seed", "5"], console);
        var run = await SimCli.RunAsync(
            ["run", "--world", folder.File("w"), "--agent", "oracle", "--episodes", "50", "--out", folder.File("s.jsonl"), "--json", folder.File("summary.json")],
            console);

        var sessions = ReportFiles.ReadSessions(folder.File("s.jsonl"));
        var summary = ReportFiles.ReadSummary(folder.File("summary.json"));
        Assert.Multiple(() =>
        {
            Assert.That(world, Is.EqualTo(SimCli.Success));
            Assert.That(run, Is.EqualTo(SimCli.Success));
            Assert.That(sessions, Has.Count.EqualTo(50));
            Assert.That(summary.Treatments.Single().Treatment, Is.EqualTo("oracle"));
            Assert.That(summary.Treatments.Single().SessionTime.Mean, Is.EqualTo(sessions.Average(s => s.Time)).Within(1e-9));
            Assert.That(console.Output, Does.Contain("oracle").And.Contain("steps/s"));
        });
    }

    [Test]
    [Category("Integration")]
    public async Task RunAsync_TargetErrorsAboveLimit_ExitsWithOne()
    {
        await using var server = await FakeRecommenderServer.StartAsync(new FakeBehaviour { FailEvery = 5 });
        var console = new TestConsole();

        var code = await SimCli.RunAsync(["run", "--world", World.Value.Path, "--target", server.Address.ToString(), "--episodes", "40"], console);

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(SimCli.Failure));
            Assert.That(console.Output, Does.Contain("Unavailable").And.Contain("requests/s"));
        });
    }

    [Test]
    [Category("Integration")]
    public async Task RunAsync_TargetHealthy_ExitsWithZeroAndReportsTreatments()
    {
        await using var server = await FakeRecommenderServer.StartAsync(new FakeBehaviour());
        using var folder = new TempFolder();
        var console = new TestConsole();

        var code = await SimCli.RunAsync(["run", "--world", World.Value.Path, "--target", server.Address.ToString(), "--episodes", "60", "--json", folder.File("s.json")], console);

        var summary = ReportFiles.ReadSummary(folder.File("s.json"));
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(SimCli.Success));
            Assert.That(summary.Treatments.Select(t => t.Treatment), Is.EqualTo(new[] { "C", "T1" }));
            Assert.That(summary.Remote!.Calls, Is.GreaterThan(60));
        });
    }
}
