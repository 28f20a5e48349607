using Botify.Sim.Listeners;
using Botify.Sim.Sessions;

namespace Botify.Sim.Agents;

/// <summary>
/// A calibration probe, not a recommender anyone could build: it knows the true vectors but not the
/// listener, and plays the unplayed tracks nearest (by inner product) to the session's first track,
/// nearest first. Its score shows how much signal the first track's neighbourhood carries for a
/// learner that recovers the item-item structure from the logs.
/// </summary>
public sealed class NeighbourAgent(Worlds.World world) : IAgent
{
    /// <summary>Neighbours of the first track considered; past them the agent plays random tracks.</summary>
    public const int Pool = 1000;

    /// <inheritdoc />
    public string Name => "neighbours";

    /// <inheritdoc />
    public IAgentSession Start(SimulatedSession session, SessionRandom random)
    {
        ArgumentNullException.ThrowIfNull(session);
        return new Session(world.Affinity.FindNearest(session.FirstTrack, Pool), session, random, world.Catalog.Count);
    }

    private sealed class Session(IReadOnlyList<int> nearest, SimulatedSession session, SessionRandom random, int trackCount) : IAgentSession
    {
        private int _position;

        public int Next(int track, double time)
        {
            while (_position < nearest.Count)
            {
                var candidate = nearest[_position++];
                if (!session.HasPlayed(candidate))
                {
                    return candidate;
                }
            }

            return random.NextInt(trackCount);
        }
    }
}
