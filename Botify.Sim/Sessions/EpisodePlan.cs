using Botify.Sim.Listeners;
using Botify.Sim.Worlds;

namespace Botify.Sim.Sessions;

/// <summary>
/// What an episode is, from (seed, episode) alone: which listener plays it and the streams it draws
/// from. Both the in-process runner and the remote driver start sessions here, so they play the same
/// listeners with the same interests and first tracks for a seed.
/// </summary>
public static class EpisodePlan
{
    /// <summary>The listener of episode <paramref name="episode"/>.</summary>
    public static Listener ListenerOf(World world, long seed, int episode)
    {
        ArgumentNullException.ThrowIfNull(world);
        var plan = new SessionRandom(seed, episode, SessionRandom.PlanStream);
        return world.Listeners[plan.NextInt(world.Listeners.Count)];
    }

    /// <summary>Starts the listener's session of episode <paramref name="episode"/>.</summary>
    public static SimulatedSession Start(World world, long seed, int episode) =>
        new(world, ListenerOf(world, seed, episode), new SessionRandom(seed, episode, SessionRandom.ListenerStream));

    /// <summary>
    /// Computes, in parallel, the first-track neighbourhoods episodes 0..<paramref name="episodes"/>-1 will
    /// need, so sessions find them cached instead of each scanning the catalog on its own.
    /// </summary>
    public static void Prefetch(World world, long seed, int episodes, int parallelism)
    {
        ArgumentNullException.ThrowIfNull(world);
        var queries = new HashSet<(int, int)>();
        for (var episode = 0; episode < episodes; episode++)
        {
            var listener = ListenerOf(world, seed, episode);
            var interest = SimulatedSession.PickInterest(listener, new SessionRandom(seed, episode, SessionRandom.ListenerStream));
            queries.Add((interest, listener.InterestNeighbours));
        }

        world.Affinity.Prefetch(queries, parallelism);
    }

    /// <summary>The agent's stream for episode <paramref name="episode"/>.</summary>
    public static SessionRandom AgentRandom(long seed, int episode) => new(seed, episode, SessionRandom.AgentStream);
}
