namespace Botify.Train.Rollout;

/// <summary>What each replica is asked to load, what it must report afterwards, and how long each step may take.</summary>
internal sealed class RolloutOptions
{
    /// <summary>The bundle folder as the index sees it, sent as <c>Reload</c>'s <c>bundle_path</c>. Required.</summary>
    public required string ReloadPath { get; init; }

    /// <summary>The model version the bundle's manifest declares; every replica must report it after the reload. Required.</summary>
    public required string ExpectedVersion { get; init; }

    /// <summary>Sent as <c>authorization: Bearer</c> on <c>Reload</c> when set (the index's <c>Index:AdminToken</c>). Default none. Never logged.</summary>
    public string? AdminToken { get; init; }

    /// <summary>Longest wait for the health service to answer SERVING after a reload. Default 30 s; 1 s..10 min.</summary>
    public TimeSpan ReadyTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Pause between health checks while waiting for SERVING. Default 250 ms; 10 ms..10 s.</summary>
    public TimeSpan ReadyPollInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Deadline of one <c>GetInfo</c> or health call. Default 5 s; 100 ms..1 min.</summary>
    public TimeSpan CallTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Deadline of one <c>Reload</c>, which reads the bundle and builds its graph: keep it above the index's
    /// <c>Index:ReloadTimeout</c> (10 min by default) so the index, not the roll-out, gives up first. Default 15 min; 1 s..1 day.
    /// </summary>
    public TimeSpan ReloadTimeout { get; init; } = TimeSpan.FromMinutes(15);

    /// <exception cref="ArgumentException">A setting is empty or out of its range; the message names it.</exception>
    public void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(ReloadPath);
        ArgumentException.ThrowIfNullOrWhiteSpace(ExpectedVersion);
        InRange(ReadyTimeout, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(10), nameof(ReadyTimeout));
        InRange(ReadyPollInterval, TimeSpan.FromMilliseconds(10), TimeSpan.FromSeconds(10), nameof(ReadyPollInterval));
        InRange(CallTimeout, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(1), nameof(CallTimeout));
        InRange(ReloadTimeout, TimeSpan.FromSeconds(1), TimeSpan.FromDays(1), nameof(ReloadTimeout));
    }

    private static void InRange(TimeSpan value, TimeSpan min, TimeSpan max, string name)
    {
        if (value < min || value > max)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} {value} is outside {min}..{max}");
        }
    }
}
