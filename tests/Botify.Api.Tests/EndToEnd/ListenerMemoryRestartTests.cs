using Botify.Api.Memory;
using Botify.Api.Sources;
using Botify.Api.Tests.Sessions;
using Botify.Protos.V1;
using Microsoft.Extensions.DependencyInjection;

namespace Botify.Api.Tests.EndToEnd;

/// <summary>
/// The memory arm after a restart: a new API process remembers the sessions played against the old one, from the
/// shared Redis or, with the memory store, by replaying the old process's event log (ListenerMemory:RebuildFrom).
/// </summary>
[Category("Integration")]
public sealed class ListenerMemoryRestartTests
{
    // Started on 0, then 50, 120 and 130 heard well: a new session started on 0 is served one of those.
    private static readonly (int Track, float Time)[] Remembered = [(0, 1f), (50, 0.9f), (120, 0.8f), (130, 0.95f)];

    private TempFolder _folder = null!;
    private FakeIndex _index = null!;
    private string _catalog = null!;

    [OneTimeSetUp]
    public async Task StartIndex()
    {
        _folder = new TempFolder();
        _index = await FakeIndex.StartAsync();
        _catalog = TestCatalogs.Write(_folder, tracks: 200, tracksPerArtist: 10);
    }

    [OneTimeTearDown]
    public async Task StopIndex()
    {
        await _index.DisposeAsync();
        _folder.Dispose();
    }

    [Test]
    public async Task Next_NewProcessOnTheSameRedis_ServesTheRememberedSessionFromMemory()
    {
        using var redis = await RedisServer.StartAsync();
        string[] settings =
        [
            .. MemoryArm,
            "--Sessions:Store=Redis",
            $"--Sessions:RedisConfiguration={redis.Configuration}",
            // A first call waits for the connect: give it time on a busy machine, so no call goes session-less.
            "--Sessions:RedisOperationTimeout=00:00:02",
        ];
        using (var firstFolder = new TempFolder())
        {
            await using var first = await ApiServer.StartAsync(_catalog, _index.Address, firstFolder, settings);
            await ListenerSessions.PlayAsync(first.Client, 1, Remembered);
        }

        using var secondFolder = new TempFolder();
        await using var second = await ApiServer.StartAsync(_catalog, _index.Address, secondFolder, settings);
        var remembered = await ListenerSessions.StartAsync(second.Client, 1, track: 0);
        var stranger = await ListenerSessions.StartAsync(second.Client, 2, track: 0);

        Assert.That(remembered.Source, Is.EqualTo(MemorySource.RecalledName));
        Assert.That(remembered.Track, Is.AnyOf(50, 120, 130));
        Assert.That(stranger.Source, Is.EqualTo("session"), "a listener with no past session is served by the session's taste");
    }

    [Test]
    public async Task Next_NewProcessRebuiltFromTheOldOnesEventLog_RemembersWhatTheOldOneRecorded()
    {
        string[] settings = [.. MemoryArm, "--ListenerMemory:MaxTracksPerSession=4"];
        using var firstFolder = new TempFolder();
        var first = await ApiServer.StartAsync(_catalog, _index.Address, firstFolder, settings);
        Dictionary<int, IReadOnlyList<PastSession>> online;
        try
        {
            await ListenerSessions.PlayAsync(first.Client, 1, Remembered);
            // A skip, a repeat, more tracks than a session keeps, and a last on a track already heard.
            await ListenerSessions.PlayAsync(first.Client, 1, (60, 1f), (61, 0.2f), (61, 0f), (62, 0.7f), (73, 0.75f), (84, 0.1f), (95, 0.9f), (60, 0.5f));
            await ListenerSessions.PlayAsync(first.Client, 2, (10, 1f), (11, 0.9f));
            await first.Client.NextAsync(new NextRequest { User = 3, Track = 20, Time = 1f });
            await first.Client.LastAsync(new LastRequest { User = 4, Track = 30, Time = 1f });
            var memory = first.Services.GetRequiredService<IListenerMemory>();
            online = [];
            foreach (var user in new[] { 1, 2, 3, 4 })
            {
                online[user] = await memory.ReadAsync(user, default);
            }
        }
        finally
        {
            await first.DisposeAsync();
        }

        using var secondFolder = new TempFolder();
        await using var second = await ApiServer.StartAsync(_catalog, _index.Address, secondFolder, [.. settings, $"--ListenerMemory:RebuildFrom:0={first.EventFolder}"]);
        var rebuilt = second.Services.GetRequiredService<IListenerMemory>();
        var reply = await ListenerSessions.StartAsync(second.Client, 1, track: 0);

        Assert.That(online[1], Has.Count.EqualTo(2), "the online path recorded both of listener 1's sessions");
        foreach (var (user, sessions) in online)
        {
            var replayed = await rebuilt.ReadAsync(user, default);
            Assert.That(replayed.Select(Plays).ToArray(), Is.EqualTo(sessions.Select(Plays).ToArray()), $"listener {user}'s sessions, track/share");
            Assert.That(replayed.Zip(sessions, (r, o) => Math.Abs(r.EndedMs - o.EndedMs)), Is.All.LessThan(1_000), $"listener {user}'s sessions end when they ended");
        }

        Assert.That(second.Services.GetRequiredService<ListenerMemoryRebuild>().Last, Has.Property("Sessions").EqualTo(3).And.Property("Unfinished").EqualTo(1));
        Assert.That(reply.Source, Is.EqualTo(MemorySource.RecalledName));
        Assert.That(reply.Track, Is.AnyOf(50, 120, 130));
    }

    [Test]
    public async Task Next_ListenerForgottenBeforeTheRestart_StaysForgottenAfterTheRebuild()
    {
        using var shared = new TempFolder();
        string[] settings = [.. MemoryArm, "--ListenerMemory:AdminToken=s3cret-admin-token-0123", $"--ListenerMemory:ForgottenPath={shared.File("forgotten.txt")}"];
        using var firstFolder = new TempFolder();
        var first = await ApiServer.StartAsync(_catalog, _index.Address, firstFolder, settings);
        try
        {
            await ListenerSessions.PlayAsync(first.Client, 1, Remembered);
            await ListenerSessions.PlayAsync(first.Client, 2, Remembered);
            using var forgotten = await ForgetListenerTests.ForgetAsync(first, "1", "s3cret-admin-token-0123");
            Assert.That(forgotten.StatusCode, Is.EqualTo(System.Net.HttpStatusCode.OK));
        }
        finally
        {
            await first.DisposeAsync();
        }

        using var secondFolder = new TempFolder();
        await using var second = await ApiServer.StartAsync(_catalog, _index.Address, secondFolder, [.. settings, $"--ListenerMemory:RebuildFrom:0={first.EventFolder}"]);
        var memory = second.Services.GetRequiredService<IListenerMemory>();

        Assert.That(await memory.ReadAsync(1, default), Is.Empty, "the log still holds listener 1's session; the rebuild leaves it out");
        Assert.That(await memory.ReadAsync(2, default), Has.Count.EqualTo(1));
        Assert.That((await ListenerSessions.StartAsync(second.Client, 1, track: 0)).Source, Is.EqualTo("session"));
        Assert.That((await ListenerSessions.StartAsync(second.Client, 2, track: 0)).Source, Is.EqualTo(MemorySource.RecalledName));
    }

    private static string Plays(PastSession session) =>
        string.Join(' ', session.Tracks.Zip(session.Shares, (t, s) => FormattableString.Invariant($"{t}/{s}")));

    internal static string[] MemoryArm =>
    [
        .. ApiServer.Treatment(0, "M", "Memory", k: 5, retryK: 50),
        "--Index:AttemptTimeout=00:00:05",
        "--Index:TotalTimeout=00:00:10",
    ];
}
