using Botify.Api.Sessions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Botify.Api.Tests.Sessions;

public sealed class InMemorySessionStoreTests
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UnixEpoch.AddDays(1));

    [Test]
    public async Task UpdateAsync_IdleBeyondTtl_StartsAFreshSession()
    {
        using var store = Store(TimeSpan.FromMinutes(30));
        await store.UpdateAsync(1, s => { s.AddPlayed(5); return 0; }, default);

        _time.Advance(TimeSpan.FromMinutes(29));
        var kept = (await store.UpdateAsync(1, s => s.Played.ToArray(), default)).Value;
        _time.Advance(TimeSpan.FromMinutes(31));
        var expired = (await store.UpdateAsync(1, s => s.Played.ToArray(), default)).Value;

        Assert.That(kept, Is.EqualTo(new[] { 5 }));
        Assert.That(expired, Is.Empty);
    }

    [Test]
    public async Task EndAsync_AfterPlays_ReturnsThemAndForgetsTheSession()
    {
        using var store = Store(TimeSpan.FromMinutes(30));
        await store.UpdateAsync(1, s => { s.AddPlayed(5); s.AddPlayed(9, 0.2f); s.History.Add(5); return 0; }, default);

        var ended = await store.EndAsync(1, default);

        Assert.That(ended!.Tracks, Is.EqualTo(new[] { 5, 9 }));
        Assert.That(ended.Shares, Is.EqualTo(new[] { 1f, 0.2f }));

        Assert.That((await store.UpdateAsync(1, s => s.IsEmpty, default)).Value, Is.True);
    }

    [Test]
    public async Task EndAsync_SessionIdleBeyondTtl_ReturnsNothing()
    {
        using var store = Store(TimeSpan.FromMinutes(30));
        await store.UpdateAsync(1, s => { s.AddPlayed(5); return 0; }, default);
        _time.Advance(TimeSpan.FromMinutes(31));

        Assert.That(await store.EndAsync(1, default), Is.Null, "an expired session is not a session to remember");
    }

    [Test]
    public async Task Sweep_IdleSessions_AreRemovedFromMemory()
    {
        using var store = Store(TimeSpan.FromMinutes(1));
        await store.UpdateAsync(1, s => 0, default);
        await store.UpdateAsync(2, s => 0, default);

        _time.Advance(TimeSpan.FromSeconds(90));

        Assert.That(store.Count, Is.Zero, "the sweep timer runs on the TimeProvider");
    }

    [Test]
    public async Task UpdateAsync_ConcurrentCallsOfOneListener_LoseNoPlay()
    {
        using var store = Store(TimeSpan.FromMinutes(30));

        await Task.WhenAll(Enumerable.Range(0, 200).Select(i => Task.Run(async () => await store.UpdateAsync(1, s => { s.AddPlayed(i); return 0; }, default))));

        Assert.That((await store.UpdateAsync(1, s => s.Played.Count, default)).Value, Is.EqualTo(200));
    }

    private InMemorySessionStore Store(TimeSpan ttl) => new(Options.Create(new SessionStoreOptions { IdleTtl = ttl }), _time);
}
