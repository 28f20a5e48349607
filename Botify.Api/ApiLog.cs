namespace Botify.Api;

/// <summary>The service's log messages, source-generated.</summary>
internal static partial class ApiLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Catalog {Path} loaded: {Tracks} tracks, {Artists} artists")]
    public static partial void CatalogLoaded(ILogger logger, string path, int tracks, int artists);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Experiment {Experiment}: treatments {Treatments}")]
    public static partial void ExperimentConfigured(ILogger logger, string experiment, string treatments);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Top-pop seeded from {Path}: {Events} events")]
    public static partial void PopularitySeeded(ILogger logger, string path, int events);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "Stored session of listener {User} discarded: {Fault}")]
    public static partial void SessionDiscarded(ILogger logger, int user, string fault);

    [LoggerMessage(EventId = 5, Level = LogLevel.Information, Message = "Event log: writing to {File}")]
    public static partial void EventFileOpened(ILogger logger, string file);

    [LoggerMessage(EventId = 6, Level = LogLevel.Information, Message = "Event log closed: {Written} events written")]
    public static partial void EventLogClosed(ILogger logger, long written);

    [LoggerMessage(EventId = 7, Level = LogLevel.Error, Message = "Event log writer failed; events are no longer written")]
    public static partial void EventLogFailed(ILogger logger, Exception exception);
}
