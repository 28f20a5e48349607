using System.Diagnostics;
using Botify.Api.Sessions;
using Botify.Shared.Data;
using Botify.Shared.Events;
using Microsoft.Extensions.Options;

namespace Botify.Api.Memory;

/// <summary>
/// Replays <see cref="ListenerMemoryOptions.RebuildFrom"/> into the listener memory at start-up, before the
/// service takes calls, when the memory starts empty (this process) or the shared store was never rebuilt
/// (Redis): sessions are rebuilt per listener in log order, each ending with its <c>last</c> (an unfinished
/// one is dropped, as the analysis does), and a forgotten listener's events up to the forget are skipped.
/// A line that is not an event is counted and skipped (a crash can leave half a line); a path with no log
/// yet (a first deployment) is skipped with a warning.
/// </summary>
internal sealed class ListenerMemoryRebuild(IListenerMemory memory, IOptions<ListenerMemoryOptions> options, IOptions<SessionStoreOptions> sessions, TimeProvider time, ILogger<ListenerMemoryRebuild> logger) : IHostedService
{
    /// <summary>What the last rebuild read and kept; null before one ran.</summary>
    public RebuildCounts? Last { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (!settings.Enabled || settings.RebuildFrom.Count == 0)
        {
            return;
        }

        if (!await memory.NeedsRebuildAsync(cancellationToken).ConfigureAwait(false))
        {
            MemoryLog.RebuildSkipped(logger);
            return;
        }

        var started = Stopwatch.GetTimestamp();
        var forgotten = await memory.ForgottenAsync(cancellationToken).ConfigureAwait(false);
        var replay = new SessionReplay(forgotten, settings.MaxTracksPerSession, (long)sessions.Value.IdleTtl.TotalMilliseconds);
        foreach (var path in settings.RebuildFrom)
        {
            if (!File.Exists(path) && !Directory.Exists(path))
            {
                MemoryLog.RebuildSourceMissing(logger, path);
                continue;
            }

            IReadOnlyList<string> files;
            try
            {
                files = EventLogReader.Files(path);
            }
            catch (DataFileException) when (Directory.Exists(path))
            {
                // A folder with no log file yet, empty or not (a new volume's lost+found): a first deployment.
                MemoryLog.RebuildSourceMissing(logger, path);
                continue;
            }

            foreach (var file in files)
            {
                replay.ReadFile(file, line => MemoryLog.RebuildLineSkipped(logger, file, line));
            }
        }

        var oldest = time.GetUtcNow().ToUnixTimeMilliseconds() - (long)settings.Ttl.TotalMilliseconds;
        var kept = replay.Ended
            .Where(s => s.Session.EndedMs >= oldest)
            .GroupBy(s => s.User)
            .SelectMany(g => g.TakeLast(settings.MaxSessions))
            .ToList();
        await memory.AppendManyAsync(kept, cancellationToken).ConfigureAwait(false);

        await memory.RebuiltAsync(cancellationToken).ConfigureAwait(false);
        Last = new RebuildCounts(replay.Events, kept.Count, kept.Select(s => s.User).Distinct().Count(), replay.SkippedForgotten, replay.Unfinished, replay.BadLines);
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var sources = string.Join(", ", settings.RebuildFrom);
        MemoryLog.Rebuilt(logger, sources, replay.Events, kept.Count, Last.Listeners, replay.SkippedForgotten, replay.Unfinished, replay.BadLines, seconds);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
