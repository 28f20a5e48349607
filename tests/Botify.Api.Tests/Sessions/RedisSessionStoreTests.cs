using Botify.Api.Sessions;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Botify.Api.Tests.Sessions;

[Category("Integration")]
public sealed class RedisSessionStoreTests
{
    private RedisServer _redis = null!;

    [OneTimeSetUp]
    public async Task StartRedis() => _redis = await RedisServer.StartAsync();

    [OneTimeTearDown]
    public void StopRedis() => _redis?.Dispose();

    [Test]
    public async Task UpdateAsync_TwoReplicas_ShareTheListenersSession()
    {
        using var replicaA = Store("share:");
        using var replicaB = Store("share:");

        await replicaA.UpdateAsync(1, s => { s.EnsureCapacities(30, 1); s.AddPlayed(5); s.History.Add(5); s.StaleArtists.Add(9); return 0; }, default);
        var seen = (await replicaB.UpdateAsync(1, s => (Played: s.Played.ToArray(), History: s.History.ToArray(), Artists: s.StaleArtists.Items.ToArray()), default)).Value;

        Assert.That(seen.Played, Is.EqualTo(new[] { 5 }));
        Assert.That(seen.History, Is.EqualTo(new[] { 5 }));
        Assert.That(seen.Artists, Is.EqualTo(new[] { 9 }));
    }

    [Test]
    public async Task UpdateAsync_StoredSession_ExpiresAfterTheIdleTtl()
    {
        using var store = Store("ttl:", TimeSpan.FromMinutes(30));
        await store.UpdateAsync(2, s => { s.AddPlayed(1); return 0; }, default);

        using var connection = await ConnectionMultiplexer.ConnectAsync(_redis.Configuration);
        var ttl = await connection.GetDatabase().KeyTimeToLiveAsync("ttl:2");

        Assert.That(ttl, Is.Not.Null.And.InRange(TimeSpan.FromMinutes(29), TimeSpan.FromMinutes(30)));
    }

    [Test]
    public async Task EndAsync_AfterPlays_ReturnsThemAndDeletesTheSession()
    {
        using var store = Store("reset:");
        await store.UpdateAsync(3, s => { s.AddPlayed(1); s.AddPlayed(7, 0.4f); return 0; }, default);

        var ended = await store.EndAsync(3, default);

        Assert.That(ended!.Tracks, Is.EqualTo(new[] { 1, 7 }));
        Assert.That(ended.Shares, Is.EqualTo(new[] { 1f, 0.4f }));

        Assert.That((await store.UpdateAsync(3, s => s.IsEmpty, default)).Value, Is.True);
    }

    [Test]
    public async Task UpdateAsync_CorruptStoredValue_StartsAFreshSession()
    {
        using var connection = await ConnectionMultiplexer.ConnectAsync(_redis.Configuration);
        await connection.GetDatabase().StringSetAsync("corrupt:4", "not a session");
        using var store = Store("corrupt:");

        Assert.That((await store.UpdateAsync(4, s => s.IsEmpty, default)).Value, Is.True);
    }

    // What is stored, not how fast: a deadline of seconds, so a first call that waits for the connect on a busy
    // host is not answered session-less (the 50 ms deadline has its own tests: RedisOutageTests).
    private RedisSessionStore Store(string prefix, TimeSpan? ttl = null) => new(
        Options.Create(new SessionStoreOptions
        {
            Store = SessionStoreKind.Redis,
            RedisConfiguration = _redis.Configuration,
            RedisKeyPrefix = prefix,
            IdleTtl = ttl ?? TimeSpan.FromMinutes(30),
            RedisOperationTimeout = TimeSpan.FromSeconds(2),
        }),
        TimeProvider.System,
        NullLogger<RedisSessionStore>.Instance);
}
