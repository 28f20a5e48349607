using System.Globalization;
using Botify.Benchmarks.ApiThroughput;
using Botify.Shared.Events;

namespace Botify.Benchmarks.Faults.Probes;

/// <summary>
/// The listener memory across an API restart (docs/operations/listener-memory.md): an API serving one memory
/// treatment plays complete sessions for <see cref="Listeners"/> listeners, each session started on the
/// listener's own first track; the API is stopped and a new process started; each listener's first call of a new
/// session on the same first track must be answered from memory (source <c>memory</c>). Two rows:
/// <list type="bullet">
/// <item><c>redis</c>: the Redis session store (its own redis-server), SIGKILL, the new process on the same Redis.</item>
/// <item><c>log</c>: the in-process store and the file event log, SIGTERM (the log is flushed), the new process rebuilt
/// from the old one's folder (<c>ListenerMemory:RebuildFrom:0</c>). The same again with SIGKILL right after the last
/// reply, measured without a target: what a file log keeps when the process dies.</item>
/// </list>
/// </summary>
internal static class MemoryRestartProbe
{
    public const string Name = "memory-restart";
    public const string Target = "0 failed calls; every listener's first call after the restart answered from memory";
    public const string RedisRow = Name + " redis";
    public const string LogRow = Name + " log";

    /// <summary>Listeners who play; each ends <see cref="SessionsPerListener"/> sessions before the restart.</summary>
    public const int Listeners = 300;

    /// <summary>Two: the second session's first call shows the memory answering before the restart, in the same process.</summary>
    public const int SessionsPerListener = 2;

    /// <summary>The reply's source for a track served from the listener's memory (Botify.Api's MemorySource.RecalledName).</summary>
    private const string MemorySource = "memory";

    /// <summary>The same when the session store missed its deadline on that call (Botify.Api's SessionLessReasons.SourcePrefix): the track still came from memory.</summary>
    private const string SessionLessMemorySource = "session-less:" + MemorySource;

    /// <summary>
    /// One treatment, the memory arm with no exploration share (an explored call would not be a memory answer),
    /// served alone. It is appended after the treatments of the API's appsettings.json (the binder adds list
    /// items in key order, gaps ignored), so none of theirs is changed. The memory's rebuild line is logged.
    /// </summary>
    private static readonly string[] MemoryArm =
    [
        "--Experiment:Treatments:90:Name=M",
        "--Experiment:Treatments:90:Recommender=Memory",
        "--Experiment:Treatments:90:Explore=0",
        "--Experiment:OnlyTreatment=M",
        "--Logging:LogLevel:Botify.Api.Memory=Information",
    ];

    public static async Task<IReadOnlyList<ProbeResult>> RunAsync(ServiceStack stack, IndexEndpoints index, FaultSuiteOptions options)
    {
        var listeners = new RememberingListeners(Listeners, stack.Tracks, options.Seed + 7);
        return [await RedisAsync(stack, index, listeners).ConfigureAwait(false), await LogAsync(stack, index, listeners).ConfigureAwait(false)];
    }

    private static async Task<ProbeResult> RedisAsync(ServiceStack stack, IndexEndpoints index, RememberingListeners listeners)
    {
        var (redis, skipped) = await stack.StartRedisAsync().ConfigureAwait(false);
        if (redis is null)
        {
            return ProbeResult.Skipped(RedisRow, Target, skipped!);
        }

        var first = await stack.StartApiAsync("api-memory-redis", index, redis.Port, settings: MemoryArm).ConfigureAwait(false);
        var played = await listeners.PlayAsync(first.GrpcUrl, SessionsPerListener).ConfigureAwait(false);
        var before = await CountersAsync(stack, first).ConfigureAwait(false);
        var killed = FaultClock.Now;
        await first.Process.KillAsync().ConfigureAwait(false);

        var second = await stack.StartApiAsync("api-memory-redis-restarted", index, redis.Port, settings: MemoryArm).ConfigureAwait(false);
        var ready = FaultClock.Now;
        var restarted = await listeners.StartAsync(second.GrpcUrl).ConfigureAwait(false);
        var after = await CountersAsync(stack, second).ConfigureAwait(false);
        await second.Process.DisposeAsync().ConfigureAwait(false);
        await redis.Process.DisposeAsync().ConfigureAwait(false);

        var notes = new List<string> { Summary(listeners, played, restarted, "SIGKILL") };
        notes.AddRange(Shortfall(listeners, restarted));
        if (before.AppendsDropped + after.ReadsUnavailable + before.SessionLess + after.SessionLess > 0)
        {
            notes.Add(string.Create(CultureInfo.InvariantCulture, $"Redis late or failed: {before.AppendsDropped:F0} memory appends dropped before the kill, {after.ReadsUnavailable:F0} memory reads unavailable after the restart, session-less calls: {before.SessionLess + after.SessionLess:F0}"));
        }

        var measures = Measures(listeners, played, restarted);
        measures["kill_to_ready_seconds"] = ready - killed;
        measures["memory_appends_dropped_before_kill"] = before.AppendsDropped;
        measures["memory_reads_unavailable_after_restart"] = after.ReadsUnavailable;
        measures["session_less_calls"] = before.SessionLess + after.SessionLess;
        return Row(RedisRow, listeners, [played, restarted], restarted, exited: true, notes, measures);
    }

    private static async Task<ProbeResult> LogAsync(ServiceStack stack, IndexEndpoints index, RememberingListeners listeners)
    {
        // SIGTERM: the graceful stop writes out and flushes the event log before the process exits.
        var first = await stack.StartApiAsync("api-memory-log", index, settings: MemoryArm).ConfigureAwait(false);
        var played = await listeners.PlayAsync(first.GrpcUrl, SessionsPerListener).ConfigureAwait(false);
        var terminated = FaultClock.Now;
        first.Process.Terminate();
        var exited = await first.Process.WaitForExitAsync(TimeSpan.FromSeconds(60)).ConfigureAwait(false);
        var stopped = FaultClock.Now;
        var logged = LoggedSessions(first.EventFolder);
        var second = await stack.StartApiAsync("api-memory-log-rebuilt", index, settings: [.. MemoryArm, RebuildFrom(first.EventFolder)]).ConfigureAwait(false);
        var ready = FaultClock.Now;
        var restarted = await listeners.StartAsync(second.GrpcUrl).ConfigureAwait(false);
        await second.Process.DisposeAsync().ConfigureAwait(false);

        // SIGKILL right after the last reply, measured without a target: no shutdown code runs, so what the log
        // keeps is what its writer had handed to the OS when the signal came.
        var third = await stack.StartApiAsync("api-memory-log-killed", index, settings: MemoryArm).ConfigureAwait(false);
        var playedKilled = await listeners.PlayAsync(third.GrpcUrl, SessionsPerListener).ConfigureAwait(false);
        var killedAtMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        await third.Process.KillAsync().ConfigureAwait(false);
        var loggedKilled = LoggedSessions(third.EventFolder);
        var fourth = await stack.StartApiAsync("api-memory-log-killed-rebuilt", index, settings: [.. MemoryArm, RebuildFrom(third.EventFolder)]).ConfigureAwait(false);
        var restartedKilled = await listeners.StartAsync(fourth.GrpcUrl).ConfigureAwait(false);
        await fourth.Process.DisposeAsync().ConfigureAwait(false);

        var notes = new List<string> { Summary(listeners, played, restarted, "SIGTERM") + string.Create(CultureInfo.InvariantCulture, $"; {logged.Sessions} sessions ended in the log it was rebuilt from") };
        notes.AddRange(Shortfall(listeners, restarted));
        if (!exited)
        {
            notes.Add("the API had not exited 60 s after SIGTERM");
        }
        else if (first.Process.ExitCode != 0)
        {
            notes.Add(string.Create(CultureInfo.InvariantCulture, $"exit code {first.Process.ExitCode} after SIGTERM"));
        }

        var killedMemory = restartedKilled.FirstCallsFrom(IsMemory);
        notes.Add(string.Create(CultureInfo.InvariantCulture,
            $"SIGKILL instead, right after the last reply (no target): {loggedKilled.Sessions} of {playedKilled.Sessions} sessions ended in the log, {loggedKilled.Listeners} of {listeners.Count} listeners with one at least{(loggedKilled.BadLines > 0 ? $", {loggedKilled.BadLines} half-written lines" : string.Empty)}, the latest event {killedAtMs - loggedKilled.LastMs} ms before the kill; memory answered {killedMemory} of {listeners.Count} first calls after the restart"));

        var measures = Measures(listeners, played, restarted);
        measures["stop_seconds"] = stopped - terminated;
        measures["terminate_to_ready_seconds"] = ready - terminated;
        measures["exit_code"] = exited ? first.Process.ExitCode : double.NaN;
        measures["sessions_in_log"] = logged.Sessions;
        measures["sigkill_sessions_played"] = playedKilled.Sessions;
        measures["sigkill_sessions_in_log"] = loggedKilled.Sessions;
        measures["sigkill_listeners_in_log"] = loggedKilled.Listeners;
        measures["sigkill_unlogged_tail_ms"] = killedAtMs - loggedKilled.LastMs;
        measures["sigkill_bad_lines_in_log"] = loggedKilled.BadLines;
        measures["sigkill_failed_calls"] = playedKilled.FailedCalls + restartedKilled.FailedCalls;
        measures["sigkill_memory_answers_after_restart"] = killedMemory;
        measures["sigkill_memory_share_after_restart"] = killedMemory / (double)listeners.Count;
        return Row(LogRow, listeners, [played, restarted, playedKilled, restartedKilled], restarted, exited && first.Process.ExitCode == 0, notes, measures);
    }

    private static ProbeResult Row(string name, RememberingListeners listeners, IReadOnlyList<SessionTally> phases, SessionTally restarted, bool exited, List<string> notes, Dictionary<string, double> measures)
    {
        var failures = phases.SelectMany(phase => phase.Failures)
            .GroupBy(pair => pair.Key, StringComparer.Ordinal)
            .ToDictionary(group => group.Key, group => group.Sum(pair => pair.Value), StringComparer.Ordinal);
        var memory = restarted.FirstCallsFrom(IsMemory);
        var met = failures.Count == 0 && memory == listeners.Count && exited;
        return new ProbeResult(name, phases.Sum(phase => phase.Calls), failures, null, null, null, Target, met ? ProbeVerdict.Met : ProbeVerdict.Missed, string.Join("; ", notes), measures)
        {
            MemoryShare = memory / (double)listeners.Count,
        };
    }

    private static string Summary(RememberingListeners listeners, SessionTally played, SessionTally restarted, string signal) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{listeners.Count} listeners, {played.Sessions} sessions played; memory answered {played.FirstCallsFrom(IsMemory)} of {played.FirstCalls} second sessions' first calls before the {signal}, {restarted.FirstCallsFrom(IsMemory)} of {listeners.Count} first calls after the restart");

    /// <summary>Memory answers the session store missed its deadline on, what answered the first calls memory did not, and the calls that got no answer.</summary>
    private static IEnumerable<string> Shortfall(RememberingListeners listeners, SessionTally restarted)
    {
        var sessionLess = restarted.FirstCallsFrom(source => source == SessionLessMemorySource);
        if (sessionLess > 0)
        {
            yield return string.Create(CultureInfo.InvariantCulture, $"{sessionLess} of those memory answers session-less (the session store missed its deadline; the track still came from memory)");
        }

        var others = restarted.FirstSources.Where(pair => !IsMemory(pair.Key)).OrderByDescending(pair => pair.Value).ToList();
        if (others.Count > 0)
        {
            yield return "not from memory: " + string.Join(", ", others.Select(pair => string.Create(CultureInfo.InvariantCulture, $"{pair.Key} {pair.Value}")));
        }

        var unanswered = listeners.Count - restarted.FirstCalls;
        if (unanswered > 0)
        {
            yield return string.Create(CultureInfo.InvariantCulture, $"{unanswered} first calls unanswered");
        }
    }

    private static Dictionary<string, double> Measures(RememberingListeners listeners, SessionTally played, SessionTally restarted) => new()
    {
        ["listeners"] = listeners.Count,
        ["sessions_played"] = played.Sessions,
        ["calls_before_restart"] = played.Calls,
        ["failed_calls_before_restart"] = played.FailedCalls,
        ["memory_share_before_restart"] = played.FirstCalls == 0 ? double.NaN : played.FirstCallsFrom(IsMemory) / (double)played.FirstCalls,
        ["first_calls_after_restart"] = restarted.Calls,
        ["failed_calls_after_restart"] = restarted.FailedCalls,
        ["memory_answers_after_restart"] = restarted.FirstCallsFrom(IsMemory),
        ["memory_share_after_restart"] = restarted.FirstCallsFrom(IsMemory) / (double)listeners.Count,
        ["session_less_memory_answers_after_restart"] = restarted.FirstCallsFrom(source => source == SessionLessMemorySource),
    };

    /// <summary>
    /// A memory answer: source <c>memory</c>, or <c>session-less:memory</c> when the session store (Redis) missed its
    /// deadline on that call; the remembered track was served either way (the note counts the session-less ones).
    /// </summary>
    private static bool IsMemory(string source) => source is MemorySource or SessionLessMemorySource;

    private static string RebuildFrom(string folder) => "--ListenerMemory:RebuildFrom:0=" + folder;

    /// <summary>
    /// Sessions the log ends (its <c>last</c> events), the listeners with at least one, lines that are not events (a
    /// kill can leave half a line), and the time of the latest event (Unix ms).
    /// </summary>
    private static (long Sessions, int Listeners, long BadLines, long LastMs) LoggedSessions(string folder)
    {
        long sessions = 0;
        long bad = 0;
        long lastMs = 0;
        var listeners = new HashSet<int>();
        if (!Directory.Exists(folder))
        {
            return (0, 0, 0, 0);
        }

        foreach (var file in Directory.EnumerateFiles(folder, "*.jsonl"))
        {
            foreach (var line in File.ReadLines(file).Where(line => !string.IsNullOrWhiteSpace(line)))
            {
                try
                {
                    var item = EventJson.Parse(line);
                    lastMs = Math.Max(lastMs, item.Timestamp);
                    if (item.IsLast)
                    {
                        sessions++;
                        listeners.Add(item.User);
                    }
                }
                catch (FormatException)
                {
                    bad++;
                }
            }
        }

        return (sessions, listeners.Count, bad, lastMs);
    }

    /// <summary>The API's memory and session-store counters (NaN when its /metrics cannot be read).</summary>
    private static async Task<(double ReadsUnavailable, double AppendsDropped, double SessionLess)> CountersAsync(ServiceStack stack, ApiEndpoints api)
    {
        try
        {
            var counters = await ApiCounters.ReadAsync(stack.Http, new Uri(api.HttpUrl)).ConfigureAwait(false);
            return (
                counters.Value("botify_api_listener_memory_unavailable_total", "operation=\"read\""),
                counters.Value("botify_api_listener_memory_unavailable_total", "operation=\"append\""),
                counters.Value("botify_api_session_store_session_less_total"));
        }
        catch (HttpRequestException)
        {
            return (double.NaN, double.NaN, double.NaN);
        }
    }
}
