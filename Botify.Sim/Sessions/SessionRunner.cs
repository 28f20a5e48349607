using System.Diagnostics;
using Botify.Sim.Agents;
using Botify.Sim.Worlds;

namespace Botify.Sim.Sessions;

/// <summary>Plays episodes of a world against an in-process agent, in parallel, with results independent of the parallelism.</summary>
public sealed class SessionRunner
{
    private readonly World _world;
    private readonly SessionRunnerOptions _options;

    /// <summary>Creates a runner over <paramref name="world"/>.</summary>
    public SessionRunner(World world, SessionRunnerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(world);
        _world = world;
        _options = options ?? new SessionRunnerOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.Concurrency, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.MaxSteps, 1, nameof(options));
    }

    /// <summary>Plays episodes 0..<paramref name="episodes"/>-1; records come back in episode order.</summary>
    /// <param name="agent">The recommender.</param>
    /// <param name="episodes">Number of sessions.</param>
    /// <param name="progress">Optional: told the number of finished sessions now and then.</param>
    /// <param name="cancellationToken">Stops the run between sessions.</param>
    public SimulationResult Run(IAgent agent, int episodes, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(agent);
        ArgumentOutOfRangeException.ThrowIfNegative(episodes);
        var records = new SessionRecord[episodes];
        var finished = 0;
        // The first-track neighbourhoods are set-up (one catalog scan per distinct interest, cached for
        // later runs), timed apart so steps/s measures the simulation loop.
        var prefetchStarted = Stopwatch.GetTimestamp();
        EpisodePlan.Prefetch(_world, _options.Seed, episodes, _options.Concurrency);
        var prefetch = Stopwatch.GetElapsedTime(prefetchStarted);
        var started = Stopwatch.GetTimestamp();
        Parallel.For(
            0,
            episodes,
            new ParallelOptions { MaxDegreeOfParallelism = _options.Concurrency, CancellationToken = cancellationToken },
            episode =>
            {
                records[episode] = Play(agent, episode);
                var done = Interlocked.Increment(ref finished);
                if (progress is not null && (done % 256 == 0 || done == episodes))
                {
                    progress.Report(done);
                }
            });
        var elapsed = Stopwatch.GetElapsedTime(started);
        return new SimulationResult(records, elapsed, prefetch);
    }

    /// <summary>Plays one episode; the same (seed, episode, agent) always gives the same record.</summary>
    public SessionRecord Play(IAgent agent, int episode)
    {
        ArgumentNullException.ThrowIfNull(agent);
        var session = EpisodePlan.Start(_world, _options.Seed, episode);
        var agentSession = agent.Start(session, EpisodePlan.AgentRandom(_options.Seed, episode));
        var track = session.FirstTrack;
        var time = 1.0;
        while (!session.IsOver && session.Steps < _options.MaxSteps)
        {
            track = agentSession.Next(track, time);
            time = session.Consume(track);
        }

        return new SessionRecord(episode, session.Listener.Id, agent.Name, session.TotalTime, session.Steps, 0, !session.IsOver);
    }
}
