using Botify.Api.Memory;
using Botify.Shared.Data;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Botify.Api.Tests.Memory;

/// <summary>The one-replica memory: bounded per listener, forgetting past the TTL, and forgetting a listener for good.</summary>
public sealed class InMemoryListenerMemoryTests
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UnixEpoch.AddDays(100));

    private long Now => _time.GetUtcNow().ToUnixTimeMilliseconds();

    [Test]
    public async Task AppendAsync_TenThousandSessionsOfOneListener_KeepsTheLatestMaxSessions()
    {
        using var memory = Memory(new ListenerMemoryOptions { MaxSessions = 32, MaxTracksPerSession = 8 });
        var random = new Random(17);
        var tracks = Enumerable.Range(0, 20).ToArray();
        for (var i = 0; i < 10_000; i++)
        {
            var shares = tracks.Select(_ => (float)random.NextDouble()).ToArray();
            await memory.AppendAsync(1, PastSession.Bounded(Now - 10_000 + i, tracks, shares, maxTracks: 8)!, default);
        }

        var kept = await memory.ReadAsync(1, default);

        Assert.That(kept, Has.Count.EqualTo(32));
        Assert.That(kept.Sum(s => s.Tracks.Length), Is.EqualTo(32 * 8), "tracks held stay bounded too");
        Assert.That(kept.Select(s => s.EndedMs), Is.EqualTo(Enumerable.Range(10_000 - 32, 32).Select(i => Now - 10_000 + i)), "the most recent, oldest first");
        Assert.That(memory.Count, Is.EqualTo(1));
    }

    [Test]
    public async Task ReadAsync_SessionOlderThanTheTtl_IsDropped()
    {
        using var memory = Memory(new ListenerMemoryOptions { Ttl = TimeSpan.FromHours(1) });
        await memory.AppendAsync(1, Session(Now, 10), default);
        _time.Advance(TimeSpan.FromMinutes(30));
        await memory.AppendAsync(1, Session(Now, 20), default);

        _time.Advance(TimeSpan.FromMinutes(31));
        var afterFirstExpired = await memory.ReadAsync(1, default);
        _time.Advance(TimeSpan.FromMinutes(30));
        var afterBothExpired = await memory.ReadAsync(1, default);

        Assert.That(afterFirstExpired.Select(s => s.FirstTrack), Is.EqualTo(new[] { 20 }));
        Assert.That(afterBothExpired, Is.Empty);
    }

    [Test]
    public async Task Sweep_EveryListenerPastTheTtl_IsRemovedFromMemory()
    {
        using var memory = Memory(new ListenerMemoryOptions { Ttl = TimeSpan.FromMinutes(30) });
        await memory.AppendAsync(1, Session(Now, 10), default);
        await memory.AppendAsync(2, Session(Now, 20), default);

        _time.Advance(TimeSpan.FromHours(1));

        Assert.That(memory.Count, Is.Zero, "the hourly sweep runs on the TimeProvider");
        Assert.That(await memory.NeedsRebuildAsync(default), Is.True);
    }

    [Test]
    public async Task ForgetAsync_Listener_RemovesTheirSessionsAndRecordsWhen()
    {
        using var memory = Memory(new ListenerMemoryOptions());
        await memory.AppendAsync(1, Session(Now, 10), default);
        await memory.AppendAsync(1, Session(Now, 11), default);
        await memory.AppendAsync(2, Session(Now, 20), default);

        await memory.ForgetAsync(1, 5_000, default);

        Assert.That(await memory.ReadAsync(1, default), Is.Empty);
        Assert.That((await memory.ReadAsync(2, default)).Select(s => s.FirstTrack), Is.EqualTo(new[] { 20 }), "another listener keeps theirs");
        Assert.That(await memory.ForgottenAsync(default), Is.EquivalentTo(new Dictionary<int, long> { [1] = 5_000 }));
        Assert.That(memory.Count, Is.EqualTo(1));
    }

    [Test]
    public async Task ForgetAsync_WithForgottenPath_ANewInstanceReadsTheForgottenBack()
    {
        using var folder = new TempFolder();
        var options = new ListenerMemoryOptions { ForgottenPath = folder.File("forgotten.txt") };
        using (var memory = Memory(options))
        {
            await memory.ForgetAsync(3, 1_000, default);
            await memory.ForgetAsync(40, 2_000, default);
            await memory.ForgetAsync(3, 3_000, default);
        }

        using var restarted = Memory(options);

        Assert.That(await restarted.ForgottenAsync(default), Is.EquivalentTo(new Dictionary<int, long> { [3] = 3_000, [40] = 2_000 }), "the latest forget of a listener counts");
        Assert.That(await File.ReadAllLinesAsync(options.ForgottenPath), Is.EqualTo(new[] { "3 1000", "40 2000", "3 3000" }));
    }

    [Test]
    public void New_CorruptForgottenFile_ThrowsNamingTheLine()
    {
        using var folder = new TempFolder();
        var path = folder.File("forgotten.txt");
        File.WriteAllText(path, "3 1000\n3 yesterday\n");

        Assert.That(() => Memory(new ListenerMemoryOptions { ForgottenPath = path }), Throws.TypeOf<DataFileException>().With.Message.Contains("line 2"));
    }

    private InMemoryListenerMemory Memory(ListenerMemoryOptions options) => new(Options.Create(options), _time);

    private static PastSession Session(long endedMs, int first) => new(endedMs, [first, first + 1], [1f, 0.9f]);
}
