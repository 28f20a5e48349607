using Botify.Lab.Analysis;
using Botify.Shared.Statistics;
using Botify.Sim.Agents;
using Botify.Sim.Sessions;
using Botify.Sim.Worlds;

namespace Botify.Lab.Loop;

/// <summary>
/// The references every report shows, played in-process on the same world and the last A/B day's
/// seed: the oracle (knows the true vectors; upper bound), the neighbours probe (knows the true
/// vectors but not the listener: plays the first track's true neighbours, what a model that
/// recovers the item-item structure could reach) and random (lower bound). Figured like the experiment's rows, the listener being the
/// unit: each listener's mean session time, then the mean over listeners with its 95% interval.
/// </summary>
public static class References
{
    public static ReferenceRow Play(World world, IAgent agent, string name, long seed, int episodes)
    {
        ArgumentNullException.ThrowIfNull(world);
        var runner = new SessionRunner(world, new SessionRunnerOptions { Seed = seed });
        var result = runner.Run(agent, episodes);
        var perListener = result.Sessions
            .GroupBy(s => s.User)
            .Select(g => (Mean: g.Average(s => s.Time), Sessions: g.Count()))
            .ToList();
        var n = perListener.Count;
        var mean = perListener.Average(l => l.Mean);
        var variance = n > 1 ? perListener.Sum(l => (l.Mean - mean) * (l.Mean - mean)) / (n - 1) : 0;
        var halfWidth = n > 1 ? StudentT.Quantile(0.975, n - 1) * Math.Sqrt(variance / n) : double.NaN;
        var tracks = result.Sessions.Average(s => s.Steps + 1.0);
        return new ReferenceRow(name, n, result.Sessions.Count, mean, halfWidth, tracks);
    }

    public static IReadOnlyList<ReferenceRow> PlayBounds(World world, long seed, int episodes)
    {
        ArgumentNullException.ThrowIfNull(world);
        return
        [
            Play(world, new OracleAgent(world), ReferenceRow.OracleName, seed, episodes),
            Play(world, new NeighbourAgent(world), ReferenceRow.NeighboursName, seed, episodes),
            Play(world, new RandomAgent(world.Catalog.Count), ReferenceRow.RandomName, seed, episodes),
        ];
    }
}
