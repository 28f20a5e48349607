using Botify.Sim.Agents;
using Botify.Sim.Listeners;
using Botify.Sim.Sessions;
using Botify.Sim.Worlds;

namespace Botify.Sim.Tests.Agents;

public sealed class AgentTests
{
    [Test]
    public void OracleNext_EveryStep_PicksTheHighestExpectedShare()
    {
        var world = TinyWorlds.Small;
        for (var episode = 0; episode < 20; episode++)
        {
            var session = EpisodePlan.Start(world, 5, episode);
            var oracle = new OracleAgent(world).Start(session, EpisodePlan.AgentRandom(5, episode));
            for (var step = 0; step < 15 && !session.IsOver; step++)
            {
                var best = Enumerable.Range(0, world.Catalog.Count).Max(session.ExpectedTime);
                var pick = oracle.Next(session.LastTrack, session.LastTime);

                Assert.That(session.ExpectedTime(pick), Is.EqualTo(best).Within(0.011), $"episode {episode}, step {step}");
                Assert.That(session.HasPlayed(pick), Is.False);
                session.Consume(pick);
            }
        }
    }

    [Test]
    public void OracleNext_PoolExhausted_RebuildsAndStaysExact()
    {
        // A listener who likes everything: every share is about 1, so the artist discount drives the
        // choice and the walk runs through the first pool quickly.
        var world = TinyWorlds.Small;
        var listener = world.Listeners[0] with { ConsumeBias = -50, ConsumeSharpness = 1, SessionBudget = 1, ArtistDiscountGamma = 1.0 };
        var session = new SimulatedSession(world, listener, new SessionRandom(1, 0, 0));
        var oracle = new OracleAgent(world).Start(session, new SessionRandom(1, 0, 1));
        var picks = new HashSet<int>();
        for (var step = 0; step < OracleAgent.CandidatePool + 50 && !session.IsOver; step++)
        {
            var pick = oracle.Next(session.LastTrack, session.LastTime);
            Assert.That(picks.Add(pick), Is.True, "never a repeat");
            session.Consume(pick);
        }

        Assert.That(picks, Has.Count.EqualTo(OracleAgent.CandidatePool + 50));
    }

    [Test]
    public void Run_DefaultWorld_OracleFarAboveNeighboursAboveRandom()
    {
        // The calibrated default world: 50,000 tracks, 10,000 listeners.
        var world = WorldGenerator.Generate(new WorldOptions());
        var runner = new SessionRunner(world, new SessionRunnerOptions { Seed = 1 });

        var random = Mean(runner.Run(new RandomAgent(world.Catalog.Count), 2_000));
        var neighbours = Mean(runner.Run(new NeighbourAgent(world), 500));
        var oracle = Mean(runner.Run(new OracleAgent(world), 500));
        TestContext.Out.WriteLine($"random {random:F3}, neighbours {neighbours:F3}, oracle {oracle:F3}, oracle / random {oracle / random:F1}");

        Assert.Multiple(() =>
        {
            Assert.That(oracle, Is.GreaterThan(10 * random), "the oracle is far above random");
            Assert.That(neighbours, Is.GreaterThan(3 * random), "the first track's neighbourhood carries signal");
            Assert.That(oracle, Is.GreaterThan(2 * neighbours), "and there is room above it");
        });
    }

    private static double Mean(SimulationResult result) => result.Sessions.Average(s => s.Time);
}
