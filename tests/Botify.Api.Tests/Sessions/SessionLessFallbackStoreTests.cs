using System.Diagnostics.Metrics;
using Botify.Api.Sessions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;

namespace Botify.Api.Tests.Sessions;

/// <summary>The Redis store's outage path without Redis: a store that throws what the Redis client throws.</summary>
public sealed class SessionLessFallbackStoreTests
{
    [Test]
    public async Task UpdateAsync_StoreUnreachable_RunsTheUpdateOnAFreshSessionAndSaysWhy()
    {
        using var store = Fallback(new FailingStore(new RedisConnectionException(ConnectionFailureType.SocketFailure, CommandFlags.None, "down", null, CommandStatus.Unknown)));

        var update = await store.UpdateAsync(1, s => s.IsEmpty, default);

        Assert.That(update.Value, Is.True);
        Assert.That(update.SessionLessReason, Is.EqualTo(SessionLessReasons.Unreachable));
        Assert.That(store.Count(SessionLessReasons.Unreachable), Is.EqualTo(1));
        Assert.That(store.LastCallFailed, Is.True);
        Assert.That(((ISessionStore)store).Outage, Is.Not.Null, "health reads the outage from the store it is given");
    }

    [Test]
    public async Task UpdateAsync_StoreAnswers_RunsOnTheStoredSession()
    {
        using var store = Fallback(new InMemorySessionStore(Microsoft.Extensions.Options.Options.Create(new SessionStoreOptions()), TimeProvider.System));

        await store.UpdateAsync(1, s => { s.AddPlayed(5); return 0; }, default);
        var update = await store.UpdateAsync(1, s => s.Played.Count, default);

        Assert.That(update, Is.EqualTo(new SessionUpdate<int>(1)), "no session-less reason");
        Assert.That(((ISessionStore)store).Outage, Is.Null);
    }

    [Test]
    public async Task UpdateAsync_StoreMissesItsDeadline_CountsATimeout()
    {
        using var store = Fallback(new FailingStore(new TimeoutException()));

        await store.UpdateAsync(1, _ => 0, default);

        Assert.That(store.Count(SessionLessReasons.Timeout), Is.EqualTo(1));
    }

    [Test]
    public void UpdateAsync_TheUpdateItselfThrows_Propagates()
    {
        using var store = Fallback(new InMemorySessionStore(Microsoft.Extensions.Options.Options.Create(new SessionStoreOptions()), TimeProvider.System));

        Assert.That(async () => await store.UpdateAsync<int>(1, _ => throw new InvalidOperationException("bug"), default), Throws.InvalidOperationException);
    }

    [Test]
    public async Task EndAsync_StoreUnreachable_CompletesWithNoSession()
    {
        using var store = Fallback(new FailingStore(new RedisConnectionException(ConnectionFailureType.SocketFailure, CommandFlags.None, "down", null, CommandStatus.Unknown)));

        Assert.That(await store.EndAsync(1, default), Is.Null);

        Assert.That(store.Count(SessionLessReasons.Unreachable), Is.EqualTo(1));
    }

    [Test]
    public async Task UpdateAsync_ManyFailures_OneWarningPerInterval()
    {
        var time = new FakeTimeProvider();
        var logger = new CountingLogger();
        using var store = Fallback(new FailingStore(new TimeoutException()), time, logger);

        for (var i = 0; i < 100; i++)
        {
            await store.UpdateAsync(i, _ => 0, default);
        }

        time.Advance(SessionLessFallbackStore.WarningInterval);
        await store.UpdateAsync(0, _ => 0, default);

        Assert.That(logger.Warnings, Is.EqualTo(2));
    }

    private static SessionLessFallbackStore Fallback(ISessionStore inner, TimeProvider? time = null, ILogger<SessionLessFallbackStore>? logger = null) =>
        new(inner, new TestMeterFactory(), time ?? TimeProvider.System, logger ?? NullLogger<SessionLessFallbackStore>.Instance);

    private sealed class FailingStore(Exception fault) : ISessionStore
    {
        public ValueTask<SessionUpdate<T>> UpdateAsync<T>(int user, Func<ListenerSession, T> update, CancellationToken cancellationToken) =>
            ValueTask.FromException<SessionUpdate<T>>(fault);

        public ValueTask<SessionPlays?> EndAsync(int user, CancellationToken cancellationToken) => ValueTask.FromException<SessionPlays?>(fault);
    }

    private sealed class CountingLogger : ILogger<SessionLessFallbackStore>
    {
        public int Warnings { get; private set; }

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel == LogLevel.Warning)
            {
                Warnings++;
            }
        }
    }
}
