using Botify.Sim.Listeners;
using Botify.Sim.Sessions;

namespace Botify.Sim.Agents;

/// <summary>An in-process recommender the simulator drives directly, without the network.</summary>
public interface IAgent
{
    /// <summary>Name reported as the treatment of its sessions ("random", "oracle", ...).</summary>
    string Name { get; }

    /// <summary>Starts recommending for one session; <paramref name="random"/> is the agent's own stream for it.</summary>
    IAgentSession Start(SimulatedSession session, SessionRandom random);
}
