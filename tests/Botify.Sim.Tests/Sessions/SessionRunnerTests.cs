using Botify.Sim.Agents;
using Botify.Sim.Sessions;

namespace Botify.Sim.Tests.Sessions;

public sealed class SessionRunnerTests
{
    [TestCase("random")]
    [TestCase("oracle")]
    public void Run_SameSeedDifferentConcurrency_SameSessions(string agentName)
    {
        var world = TinyWorlds.Small;
        IAgent agent = agentName == "oracle" ? new OracleAgent(world) : new RandomAgent(world.Catalog.Count);

        var one = new SessionRunner(world, new SessionRunnerOptions { Seed = 9, Concurrency = 1 }).Run(agent, 300);
        var four = new SessionRunner(world, new SessionRunnerOptions { Seed = 9, Concurrency = 4 }).Run(agent, 300);

        Assert.That(four.Sessions, Is.EqualTo(one.Sessions));
    }

    [Test]
    public void Run_DifferentSeed_DifferentSessions()
    {
        var world = TinyWorlds.Small;
        var agent = new RandomAgent(world.Catalog.Count);

        var a = new SessionRunner(world, new SessionRunnerOptions { Seed = 1 }).Run(agent, 100);
        var b = new SessionRunner(world, new SessionRunnerOptions { Seed = 2 }).Run(agent, 100);

        Assert.That(b.Sessions, Is.Not.EqualTo(a.Sessions));
    }

    [Test]
    public void Run_AnyAgent_SameListenersAndFirstTracksForASeed()
    {
        var world = TinyWorlds.Small;

        var random = new SessionRunner(world, new SessionRunnerOptions { Seed = 4 }).Run(new RandomAgent(world.Catalog.Count), 50);
        var oracle = new SessionRunner(world, new SessionRunnerOptions { Seed = 4 }).Run(new OracleAgent(world), 50);

        Assert.Multiple(() =>
        {
            Assert.That(oracle.Sessions.Select(s => s.User), Is.EqualTo(random.Sessions.Select(s => s.User)));
            Assert.That(
                Enumerable.Range(0, 50).Select(e => EpisodePlan.Start(world, 4, e).FirstTrack),
                Is.EqualTo(Enumerable.Range(0, 50).Select(e => EpisodePlan.Start(world, 4, e).FirstTrack)));
        });
    }

    [Test]
    public void Run_StepCap_MarksCappedSessions()
    {
        var world = TinyWorlds.Small;

        var result = new SessionRunner(world, new SessionRunnerOptions { Seed = 1, MaxSteps = 3 }).Run(new OracleAgent(world), 50);

        Assert.Multiple(() =>
        {
            Assert.That(result.Sessions.All(s => s.Steps <= 3), Is.True);
            Assert.That(result.Sessions.Any(s => s.Truncated), Is.True);
            Assert.That(result.StepsPerSecond, Is.GreaterThan(0));
        });
    }
}
