using Botify.Sim.Listeners;
using Botify.Sim.Sessions;

namespace Botify.Sim.Agents;

/// <summary>The lower bound: a uniformly random track of the catalog each step (repeats allowed, as the course's random recommender).</summary>
public sealed class RandomAgent(int trackCount) : IAgent
{
    /// <inheritdoc />
    public string Name => "random";

    /// <inheritdoc />
    public IAgentSession Start(SimulatedSession session, SessionRandom random) => new Session(trackCount, random);

    private sealed class Session(int trackCount, SessionRandom random) : IAgentSession
    {
        public int Next(int track, double time) => random.NextInt(trackCount);
    }
}
