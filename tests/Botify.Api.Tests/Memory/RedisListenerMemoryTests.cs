using Botify.Api.Memory;
using Botify.Api.Sessions;
using Botify.Api.Tests.Sessions;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using static Botify.Api.Tests.Memory.SessionReplayTests;

namespace Botify.Api.Tests.Memory;

/// <summary>The memory shared by replicas, in a real Redis: a bounded, expiring list per listener, and a forget that leaves nothing.</summary>
[Category("Integration")]
public sealed class RedisListenerMemoryTests
{
    private RedisServer _redis = null!;
    private ConnectionMultiplexer _raw = null!;

    [OneTimeSetUp]
    public async Task StartRedis()
    {
        _redis = await RedisServer.StartAsync();
        _raw = await ConnectionMultiplexer.ConnectAsync(_redis.Configuration);
    }

    [OneTimeTearDown]
    public void StopRedis()
    {
        _raw?.Dispose();
        _redis?.Dispose();
    }

    private static long Now => TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds();

    [Test]
    public async Task AppendAsync_PastMaxSessions_KeepsTheLatestOldestFirst()
    {
        using var store = Store("trim");
        var memory = Memory(store, "trim", new ListenerMemoryOptions { MaxSessions = 3 });

        for (var i = 0; i < 5; i++)
        {
            await memory.AppendAsync(1, new PastSession(Now - 5 + i, [10 * i, (10 * i) + 1], [1f, 0.8f]), default);
        }

        var read = await memory.ReadAsync(1, default);

        Assert.That(read.Select(s => s.FirstTrack), Is.EqualTo(new[] { 20, 30, 40 }));
        Assert.That(read[2].Tracks, Is.EqualTo(new[] { 40, 41 }));
        Assert.That(read[2].Shares, Is.EqualTo(new[] { 1f, 0.8f }).Within(1e-6f));
        Assert.That(await _raw.GetDatabase().ListLengthAsync("trim:memory:1"), Is.EqualTo(3), "trimmed in Redis, not only on read");
    }

    [Test]
    public async Task AppendAsync_Session_SetsTheTtlOnTheListenersKey()
    {
        using var store = Store("ttl");
        var memory = Memory(store, "ttl", new ListenerMemoryOptions { Ttl = TimeSpan.FromDays(30) });

        await memory.AppendAsync(2, new PastSession(Now, [1, 2], [1f, 1f]), default);

        var ttl = await _raw.GetDatabase().KeyTimeToLiveAsync("ttl:memory:2");
        Assert.That(ttl, Is.Not.Null.And.InRange(TimeSpan.FromDays(30) - TimeSpan.FromMinutes(1), TimeSpan.FromDays(30)));
    }

    [Test]
    public async Task ReadAsync_SessionOlderThanTheTtlOrUnreadable_IsLeftOut()
    {
        using var store = Store("old");
        var memory = Memory(store, "old", new ListenerMemoryOptions { Ttl = TimeSpan.FromHours(1) });
        await memory.AppendAsync(3, new PastSession(Now - (long)TimeSpan.FromHours(2).TotalMilliseconds, [1, 2], [1f, 1f]), default);
        await _raw.GetDatabase().ListRightPushAsync("old:memory:3", "written by another version");
        await memory.AppendAsync(3, new PastSession(Now, [5, 6], [1f, 1f]), default);

        var read = await memory.ReadAsync(3, default);

        Assert.That(read.Select(s => s.FirstTrack), Is.EqualTo(new[] { 5 }));
    }

    [Test]
    public async Task ForgetAsync_Listener_RemovesTheirMemoryAndSessionAndRecordsTheForget()
    {
        using var store = Store("forget");
        var memory = Memory(store, "forget", new ListenerMemoryOptions());
        foreach (var user in new[] { 4, 5 })
        {
            await memory.AppendAsync(user, new PastSession(Now, [1, 2], [1f, 1f]), default);
            await store.UpdateAsync(user, s => { s.AddPlayed(9); return 0; }, default);
        }

        var database = _raw.GetDatabase();
        Assert.That(await database.KeyExistsAsync(["forget:memory:4", "forget:session:4"]), Is.EqualTo(2), "the listener has both before the forget");

        await memory.ForgetAsync(4, 1_234, default);

        Assert.That(await database.KeyExistsAsync(["forget:memory:4", "forget:session:4"]), Is.Zero);
        Assert.That(await database.KeyExistsAsync(["forget:memory:5", "forget:session:5"]), Is.EqualTo(2), "another listener keeps theirs");
        Assert.That((long)await database.HashGetAsync("forget:memory:forgotten", 4), Is.EqualTo(1_234));
        Assert.That(await memory.ForgottenAsync(default), Is.EquivalentTo(new Dictionary<int, long> { [4] = 1_234 }));
        Assert.That(await memory.ReadAsync(4, default), Is.Empty);
    }

    [Test]
    public async Task StartAsync_TwoReplicasInTurn_TheSecondDoesNotReplayAgain()
    {
        using var folder = new TempFolder();
        var log = folder.File("events.jsonl");
        var now = Now;
        ListenerMemoryRebuildTests.WriteLog(log,
            Next(now - 40, user: 6, track: 0, time: 1.0),
            Last(now - 30, user: 6, track: 1, time: 0.9),
            Next(now - 20, user: 7, track: 3, time: 1.0),
            Last(now - 10, user: 7, track: 4, time: 1.0));
        var options = new ListenerMemoryOptions { RebuildFrom = { log } };
        using var storeA = Store("rebuild");
        using var storeB = Store("rebuild");
        var memoryA = Memory(storeA, "rebuild", options);
        var memoryB = Memory(storeB, "rebuild", options);

        var first = Rebuild(memoryA, options);
        await first.StartAsync(default);
        var second = Rebuild(memoryB, options);
        await second.StartAsync(default);

        Assert.That(first.Last!.Sessions, Is.EqualTo(2));
        Assert.That(second.Last, Is.Null, "the shared store says it was rebuilt");
        Assert.That((await memoryB.ReadAsync(6, default)).Select(s => Describe(6, s)), Is.EqualTo(new[] { FormattableString.Invariant($"6 @{now - 30}: 0/1 1/0.9") }), "once, not once per replica");
        Assert.That(await memoryB.ReadAsync(7, default), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task StartAsync_ResilientWrapper_RebuildsIntoRedis()
    {
        using var folder = new TempFolder();
        var log = folder.File("events.jsonl");
        ListenerMemoryRebuildTests.WriteLog(log, Next(Now - 20, user: 8, track: 0, time: 1.0), Last(Now - 10, user: 8, track: 1, time: 1.0));
        var options = new ListenerMemoryOptions { RebuildFrom = { log } };
        using var store = Store("wrapped");
        using var meters = new TestMeterFactory();
        var memory = new ResilientListenerMemory(Memory(store, "wrapped", options), meters, TimeProvider.System, NullLogger<ResilientListenerMemory>.Instance);

        await Rebuild(memory, options).StartAsync(default);

        Assert.That(await _raw.GetDatabase().ListLengthAsync("wrapped:memory:8"), Is.EqualTo(1));
    }

    // What is stored, not how fast: a deadline of seconds, as RedisSessionStoreTests do.
    private RedisSessionStore Store(string test) => new(
        Options.Create(SessionOptions(_redis.Configuration, test)),
        TimeProvider.System,
        NullLogger<RedisSessionStore>.Instance);

    internal static SessionStoreOptions SessionOptions(string configuration, string test) => new()
    {
        Store = SessionStoreKind.Redis,
        RedisConfiguration = configuration,
        RedisKeyPrefix = test + ":session:",
        RedisOperationTimeout = TimeSpan.FromSeconds(2),
    };

    /// <summary>The memory under <c>{test}:memory:</c> beside the sessions under <c>{test}:session:</c> (sets the prefix in <paramref name="options"/>).</summary>
    internal static RedisListenerMemory Memory(RedisSessionStore store, string test, ListenerMemoryOptions options)
    {
        options.RedisKeyPrefix = test + ":memory:";
        return new RedisListenerMemory(
            store,
            Options.Create(options),
            Options.Create(new SessionStoreOptions { RedisKeyPrefix = test + ":session:" }),
            TimeProvider.System,
            NullLogger<RedisListenerMemory>.Instance);
    }

    private static ListenerMemoryRebuild Rebuild(IListenerMemory memory, ListenerMemoryOptions options) =>
        new(memory, Options.Create(options), Options.Create(new SessionStoreOptions()), TimeProvider.System, NullLogger<ListenerMemoryRebuild>.Instance);
}
