namespace Botify.Sim.Remote;

/// <summary>Settings of a run against a recommender over gRPC.</summary>
public sealed record RemoteDriverOptions
{
    /// <summary>The recommender's gRPC address, e.g. <c>http://localhost:5000</c> (HTTP/2 cleartext for http://).</summary>
    public required Uri Target { get; init; }

    /// <summary>Seed of the run (default 1): the same seed plays the same listeners, interests and first tracks.</summary>
    public long Seed { get; init; } = 1;

    /// <summary>Sessions in flight at once (default 16, at least 1); never two of one listener.</summary>
    public int Concurrency { get; init; } = 16;

    /// <summary>Target calls per second over all sessions; null (the default) means as fast as the server answers.</summary>
    public double? Rate { get; init; }

    /// <summary>Deadline of each call (default 1 s); a call past it counts as a DeadlineExceeded error.</summary>
    public TimeSpan Deadline { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Step cap per session (default 1,000), as <see cref="Sessions.SessionRunnerOptions.MaxSteps"/>.</summary>
    public int MaxSteps { get; init; } = 1_000;

    /// <summary>Throws when an option is out of range.</summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Target);
        ArgumentOutOfRangeException.ThrowIfLessThan(Concurrency, 1, nameof(Concurrency));
        if (Rate is { } rate && !(rate > 0 && double.IsFinite(rate)))
        {
            throw new ArgumentOutOfRangeException(nameof(Rate), rate, "the rate must be a positive number of calls per second");
        }

        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(Deadline, TimeSpan.Zero, nameof(Deadline));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxSteps, 1, nameof(MaxSteps));
    }
}
