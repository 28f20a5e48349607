namespace Botify.Sim.Sessions;

/// <summary>Settings of an in-process run.</summary>
public sealed record SessionRunnerOptions
{
    /// <summary>Seed of the run (default 1): with the episode index it fixes every session.</summary>
    public long Seed { get; init; } = 1;

    /// <summary>Sessions played at once (default: one per core). Does not change the results.</summary>
    public int Concurrency { get; init; } = Environment.ProcessorCount;

    /// <summary>
    /// Step cap per session (default 1,000). The course's rules have none, but a heard share that rounds
    /// to 1.00 never spends budget, so an oracle could otherwise play forever; a capped session is marked.
    /// </summary>
    public int MaxSteps { get; init; } = 1_000;
}
