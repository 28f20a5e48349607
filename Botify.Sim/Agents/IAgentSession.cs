namespace Botify.Sim.Agents;

/// <summary>An agent's state for one session, called like the API's <c>Next</c>.</summary>
public interface IAgentSession
{
    /// <summary>The listener heard <paramref name="time"/> of <paramref name="track"/>; returns the track to play next.</summary>
    int Next(int track, double time);
}
