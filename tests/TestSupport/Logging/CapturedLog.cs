using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Botify.Tests.Support;

/// <summary>A logger provider that keeps every entry the service writes, so a test can count lines and bytes.</summary>
internal sealed class CapturedLog : ILoggerProvider
{
    public ConcurrentQueue<Entry> Entries { get; } = new();

    /// <summary>Characters the entries would take in a plain-text log: message plus exception with its stack trace.</summary>
    public long Characters => Entries.Sum(e => e.Message.Length + (e.Exception?.ToString().Length ?? 0));

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    internal sealed record Entry(string Category, LogLevel Level, EventId Id, string Message, Exception? Exception);

    private sealed class Logger(CapturedLog log, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            log.Entries.Enqueue(new Entry(category, logLevel, eventId, formatter(state, exception), exception));
    }
}
