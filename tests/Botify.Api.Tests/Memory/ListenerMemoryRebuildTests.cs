using Botify.Api.Memory;
using Botify.Api.Sessions;
using Botify.Shared.Events;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using static Botify.Api.Tests.Memory.SessionReplayTests;

namespace Botify.Api.Tests.Memory;

/// <summary>A new process's memory rebuilt from the event log at start-up: what it keeps and what it counts as skipped.</summary>
public sealed class ListenerMemoryRebuildTests
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UnixEpoch.AddDays(100));
    private TempFolder _folder = null!;

    private long Now => _time.GetUtcNow().ToUnixTimeMilliseconds();

    [SetUp]
    public void MakeFolder() => _folder = new TempFolder();

    [TearDown]
    public void DeleteFolder() => _folder.Dispose();

    [Test]
    public async Task StartAsync_FolderOfLogs_RebuildsEachListenersSessionsAndCountsWhatItSkipped()
    {
        var logs = Directory.CreateDirectory(_folder.File("events")).FullName;
        var t = Now - 60_000;
        WriteLog(Path.Combine(logs, "events-000000.jsonl"),
            Next(t + 1, user: 1, track: 0, time: 1.0),
            Next(t + 2, user: 2, track: 50, time: 1.0),
            Next(t + 3, user: 4, track: 90, time: 1.0),
            Last(t + 4, user: 4, track: 91, time: 1.0),
            Next(t + 5, user: 3, track: 70, time: 1.0));
        File.AppendAllText(Path.Combine(logs, "events-000000.jsonl"), """{"message":"next","timest""" + "\n");
        WriteLog(Path.Combine(logs, "events-000001.jsonl"),
            Next(t + 6, user: 1, track: 5, time: 0.9),
            Last(t + 7, user: 2, track: 51, time: 0.8),
            Last(t + 8, user: 1, track: 6, time: 0.3));
        var options = new ListenerMemoryOptions { ForgottenPath = _folder.File("forgotten.txt"), RebuildFrom = { logs } };
        File.WriteAllText(options.ForgottenPath, FormattableString.Invariant($"4 {t + 4}\n"));
        using var memory = Memory(options);

        var rebuild = Rebuild(memory, options);
        await rebuild.StartAsync(default);

        Assert.That(await Remembered(memory, 1), Is.EqualTo(new[] { FormattableString.Invariant($"1 @{t + 8}: 0/1 5/0.9 6/0.3") }), "a session spanning two files");
        Assert.That(await Remembered(memory, 2), Is.EqualTo(new[] { FormattableString.Invariant($"2 @{t + 7}: 50/1 51/0.8") }));
        Assert.That(await Remembered(memory, 3), Is.Empty, "unfinished");
        Assert.That(await Remembered(memory, 4), Is.Empty, "forgotten");
        Assert.That(rebuild.Last, Is.EqualTo(new RebuildCounts(Events: 8, Sessions: 2, Listeners: 2, SkippedForgotten: 2, Unfinished: 1, BadLines: 1)));
    }

    [Test]
    public async Task StartAsync_SessionsPastTheTtlOrTheBound_KeepsTheLatestWithinTheTtl()
    {
        var options = new ListenerMemoryOptions { MaxSessions = 2, Ttl = TimeSpan.FromDays(1), RebuildFrom = { _folder.File("events.jsonl") } };
        var day = (long)TimeSpan.FromDays(1).TotalMilliseconds;
        var sessionsEndingAt = new[] { Now - (3 * day), Now - day - 1, Now - 3_000, Now - 2_000, Now - 1_000 };
        WriteLog(options.RebuildFrom[0], [.. sessionsEndingAt.SelectMany((ended, i) => new[]
        {
            Next(ended - 10, user: 1, track: i, time: 1.0),
            Last(ended, user: 1, track: 100 + i, time: 1.0),
        })]);
        using var memory = Memory(options);

        var rebuild = Rebuild(memory, options);
        await rebuild.StartAsync(default);

        Assert.That((await memory.ReadAsync(1, default)).Select(s => s.EndedMs), Is.EqualTo(new[] { Now - 2_000, Now - 1_000 }));
        Assert.That(rebuild.Last!.Sessions, Is.EqualTo(2));
    }

    [Test]
    public async Task StartAsync_MemoryAlreadyHoldsSessions_DoesNotReplay()
    {
        var options = new ListenerMemoryOptions { RebuildFrom = { _folder.File("events.jsonl") } };
        WriteLog(options.RebuildFrom[0], Next(Now - 20, user: 1, track: 0, time: 1.0), Last(Now - 10, user: 1, track: 1, time: 1.0));
        using var memory = Memory(options);
        await memory.AppendAsync(2, new PastSession(Now, [7, 8], [1f, 1f]), default);

        var rebuild = Rebuild(memory, options);
        await rebuild.StartAsync(default);

        Assert.That(rebuild.Last, Is.Null);
        Assert.That(await memory.ReadAsync(1, default), Is.Empty);
    }

    [Test]
    public async Task StartAsync_PathsWithNoLogYet_AreSkippedAndTheOthersRead()
    {
        var empty = Directory.CreateDirectory(_folder.File("empty")).FullName;
        var file = _folder.File("events.jsonl");
        WriteLog(file, Next(Now - 20, user: 1, track: 0, time: 1.0), Last(Now - 10, user: 1, track: 1, time: 1.0));
        var options = new ListenerMemoryOptions { RebuildFrom = { _folder.File("not-yet"), empty, file } };
        using var memory = Memory(options);

        var rebuild = Rebuild(memory, options);
        await rebuild.StartAsync(default);

        Assert.That(await Remembered(memory, 1), Has.Length.EqualTo(1));
        Assert.That(rebuild.Last!.Events, Is.EqualTo(2));
    }

    // Regression: only an empty folder counted as "no log yet"; a folder holding anything else (the lost+found of a
    // freshly formatted volume) made EventLogReader throw, and the API did not start.
    [Test]
    public async Task StartAsync_FolderWithOtherFilesButNoLogYet_IsSkipped()
    {
        var events = Directory.CreateDirectory(_folder.File("events")).FullName;
        Directory.CreateDirectory(Path.Combine(events, "lost+found"));
        var file = _folder.File("older.jsonl");
        WriteLog(file, Next(Now - 20, user: 1, track: 0, time: 1.0), Last(Now - 10, user: 1, track: 1, time: 1.0));
        var options = new ListenerMemoryOptions { RebuildFrom = { file, events } };
        using var memory = Memory(options);

        var rebuild = Rebuild(memory, options);
        await rebuild.StartAsync(default);

        Assert.That(await Remembered(memory, 1), Has.Length.EqualTo(1));
    }

    [Test]
    public async Task StartAsync_MemoryDisabled_ReadsNothing()
    {
        var options = new ListenerMemoryOptions { Enabled = false, RebuildFrom = { _folder.File("events.jsonl") } };
        WriteLog(options.RebuildFrom[0], Next(Now - 20, user: 1, track: 0, time: 1.0), Last(Now - 10, user: 1, track: 1, time: 1.0));
        using var memory = Memory(options);

        var rebuild = Rebuild(memory, options);
        await rebuild.StartAsync(default);

        Assert.That(rebuild.Last, Is.Null);
        Assert.That(await memory.ReadAsync(1, default), Is.Empty);
    }

    internal static void WriteLog(string path, params ListenerEvent[] events) =>
        File.WriteAllLines(path, events.Select(EventJson.Serialize));

    private InMemoryListenerMemory Memory(ListenerMemoryOptions options) => new(Options.Create(options), _time);

    private ListenerMemoryRebuild Rebuild(InMemoryListenerMemory memory, ListenerMemoryOptions options) =>
        new(memory, Options.Create(options), Options.Create(new SessionStoreOptions()), _time, NullLogger<ListenerMemoryRebuild>.Instance);

    private static async Task<string[]> Remembered(InMemoryListenerMemory memory, int user) =>
        [.. (await memory.ReadAsync(user, default)).Select(s => Describe(user, s))];
}
