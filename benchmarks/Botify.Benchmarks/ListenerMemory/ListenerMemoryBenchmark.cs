using System.Diagnostics;
using System.Globalization;
using Botify.Api.Memory;
using Botify.Api.Sessions;
using Botify.Benchmarks.IndexComparison;
using Botify.Benchmarks.IndexComparison.Reporting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Spectre.Console;
using StackExchange.Redis;

namespace Botify.Benchmarks.ListenerMemory;

/// <summary>
/// The listener memory's two stores at a realistic fill: the bytes each holds per listener (the managed heap's
/// growth for <see cref="InMemoryListenerMemory"/>, Redis's <c>used_memory</c> growth for
/// <see cref="RedisListenerMemory"/> on a redis-server it starts) and the cost of the memory arm's two per-call
/// operations, <c>ReadAsync</c> (each Next) and <c>AppendAsync</c> (each Last), one caller. See docs/benchmarks.md.
/// </summary>
internal static class ListenerMemoryBenchmark
{
    public const string InProcess = "in-process";
    public const string Redis = "Redis";

    /// <summary>Track ids of the generated sessions are below this (the api benchmark's catalog); an id is 4 bytes whatever its value.</summary>
    private const int CatalogTracks = 50_000;

    /// <summary>Untimed calls of each operation before a row's timed ones, twice, with a pause between for the JIT's tier-up.</summary>
    private const int WarmUpOperations = 2_000;

    /// <summary>Listeners' keys whose MEMORY USAGE is averaged (Redis).</summary>
    private const int KeySample = 200;

    public static async Task<int> RunAsync(ListenerMemoryRunSettings settings)
    {
        var options = new ListenerMemoryOptions();
        var loadAtStart = MachineInfo.LoadAverage();
        var log = new RunLog();
        var rows = new List<ListenerMemoryRow>();
        var shapes = settings.Sessions.SelectMany(s => settings.Tracks.Select(t => (Sessions: s, Tracks: t))).ToList();

        // One small untimed pass first: the first row otherwise pays for the JIT's tiering of the code every row runs.
        log.Step("warming up: an untimed in-process pass of 1,000 listeners");
        _ = await InProcessRowAsync(settings with { Listeners = Math.Min(settings.Listeners, 1_000), Operations = Math.Min(settings.Operations, 5_000) }, options, shapes[0].Sessions, shapes[0].Tracks);
        foreach (var (sessions, tracks) in shapes)
        {
            log.Step($"in-process: {settings.Listeners:N0} listeners × {sessions} sessions × {tracks} tracks");
            rows.Add(await InProcessRowAsync(settings, options, sessions, tracks));
        }

        var (redis, skipped) = await LocalRedisServer.StartAsync();
        string? redisVersion = null;
        if (redis is null)
        {
            AnsiConsole.MarkupLineInterpolated($"listener-memory: [yellow]the Redis rows are skipped[/]: {skipped}.");
        }
        else
        {
            using var server = redis;
            log.Step($"redis-server on {server.Configuration}");
            using var admin = await ConnectionMultiplexer.ConnectAsync(server.Configuration + ",allowAdmin=true");
            redisVersion = admin.GetServer(admin.GetEndPoints()[0]).Version.ToString();
            var sessionOptions = new SessionStoreOptions
            {
                Store = SessionStoreKind.Redis,
                RedisConfiguration = server.Configuration,
                // Wide enough that a slow call on this shared host is measured rather than thrown (the service's is 50 ms).
                RedisOperationTimeout = TimeSpan.FromSeconds(5),
            };
            using var connection = new RedisSessionStore(Options.Create(sessionOptions), TimeProvider.System, NullLogger<RedisSessionStore>.Instance);
            var memory = new RedisListenerMemory(connection, Options.Create(options), Options.Create(sessionOptions), TimeProvider.System, NullLogger<RedisListenerMemory>.Instance);
            foreach (var (sessions, tracks) in shapes)
            {
                log.Step($"Redis: {settings.Listeners:N0} listeners × {sessions} sessions × {tracks} tracks");
                rows.Add(await RedisRowAsync(settings, options, memory, admin, sessions, tracks));
            }
        }

        var loadAtEnd = MachineInfo.LoadAverage();
        ListenerMemoryReport.Print(rows, settings, options, redisVersion, skipped, loadAtStart, loadAtEnd);
        if (settings.Output is { } output)
        {
            ListenerMemoryReport.Write(output, rows, settings, options, redisVersion, skipped, loadAtStart, loadAtEnd);
            AnsiConsole.MarkupLineInterpolated($"wrote {output.FullName}");
        }

        return 0;
    }

    /// <summary>
    /// A fresh <see cref="InMemoryListenerMemory"/> filled with generated sessions (made inside the fill, so only the
    /// store holds them), weighed by the heap's growth between full collections, then timed.
    /// </summary>
    private static async Task<ListenerMemoryRow> InProcessRowAsync(ListenerMemoryRunSettings settings, ListenerMemoryOptions options, int sessions, int tracks)
    {
        var source = new SessionSource(settings.Seed);
        var now = Now;
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var memory = new InMemoryListenerMemory(Options.Create(options), TimeProvider.System);
        try
        {
            var fill = Stopwatch.StartNew();
            for (var user = 0; user < settings.Listeners; user++)
            {
                for (var i = 0; i < sessions; i++)
                {
                    await memory.AppendAsync(user, source.Next(tracks, EndedMs(now, sessions, i)), default);
                }
            }

            var fillSeconds = fill.Elapsed.TotalSeconds;
            var held = (GC.GetTotalMemory(forceFullCollection: true) - before) / (double)settings.Listeners;
            GC.KeepAlive(memory);
            var (read, append) = await TimeOperationsAsync(memory, settings, tracks);
            return new ListenerMemoryRow(InProcess, sessions, tracks, held, EncodedBytes(sessions, tracks), null, fillSeconds, read, append);
        }
        finally
        {
            memory.Dispose();
        }
    }

    /// <summary>
    /// An emptied Redis filled through the rebuild's pipelined <see cref="RedisListenerMemory.AppendManyAsync"/> (the
    /// same transaction per session as <c>AppendAsync</c>), weighed by <c>used_memory</c>'s growth, then timed.
    /// </summary>
    private static async Task<ListenerMemoryRow> RedisRowAsync(ListenerMemoryRunSettings settings, ListenerMemoryOptions options, RedisListenerMemory memory, ConnectionMultiplexer admin, int sessions, int tracks)
    {
        var server = admin.GetServer(admin.GetEndPoints()[0]);
        await server.FlushAllDatabasesAsync();
        // The first call also waits for the store's connection.
        await memory.ReadAsync(0, default);
        var before = await UsedMemoryAsync(server);
        var source = new SessionSource(settings.Seed);
        var now = Now;
        var fill = Stopwatch.StartNew();
        await memory.AppendManyAsync(Generate(source, settings.Listeners, sessions, tracks, now), default);
        var fillSeconds = fill.Elapsed.TotalSeconds;
        // Let Redis finish growing its keyspace tables (incremental rehashing) before weighing.
        await Task.Delay(250);
        var held = (await UsedMemoryAsync(server) - before) / (double)settings.Listeners;
        var keyBytes = await MeanKeyBytesAsync(admin.GetDatabase(), options, settings.Listeners, settings.Seed);
        var (read, append) = await TimeOperationsAsync(memory, settings, tracks);
        return new ListenerMemoryRow(Redis, sessions, tracks, held, EncodedBytes(sessions, tracks), keyBytes, fillSeconds, read, append);
    }

    private static IEnumerable<(int User, PastSession Session)> Generate(SessionSource source, int listeners, int sessions, int tracks, long now)
    {
        for (var user = 0; user < listeners; user++)
        {
            for (var i = 0; i < sessions; i++)
            {
                yield return (user, source.Next(tracks, EndedMs(now, sessions, i)));
            }
        }
    }

    /// <summary>
    /// <paramref name="settings"/>.Operations reads of random listeners, then as many appends of a new session (of
    /// <paramref name="tracks"/> tracks) to random listeners, each call timed alone; both warmed first.
    /// </summary>
    private static async Task<(OperationTimes Read, OperationTimes Append)> TimeOperationsAsync(IListenerMemory memory, ListenerMemoryRunSettings settings, int tracks)
    {
        var random = new Random(settings.Seed + 1);
        var source = new SessionSource(settings.Seed + 2);
        for (var round = 0; round < 2; round++)
        {
            for (var i = 0; i < WarmUpOperations; i++)
            {
                await memory.ReadAsync(random.Next(settings.Listeners), default);
                // Appended past the filled listeners, so the timed reads find exactly the fill's sessions.
                await memory.AppendAsync(settings.Listeners + (i % 100), source.Next(tracks, Now), default);
            }

            await Task.Delay(200);
        }

        var reads = new long[settings.Operations];
        for (var i = 0; i < reads.Length; i++)
        {
            var user = random.Next(settings.Listeners);
            var started = Stopwatch.GetTimestamp();
            var read = await memory.ReadAsync(user, default);
            reads[i] = Stopwatch.GetTimestamp() - started;
            if (read.Count == 0)
            {
                throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"listener {user} has no memory: the fill did not land"));
            }
        }

        var appends = new long[settings.Operations];
        for (var i = 0; i < appends.Length; i++)
        {
            var user = random.Next(settings.Listeners);
            var session = source.Next(tracks, Now);
            var started = Stopwatch.GetTimestamp();
            await memory.AppendAsync(user, session, default);
            appends[i] = Stopwatch.GetTimestamp() - started;
        }

        return (OperationTimes.From(reads), OperationTimes.From(appends));
    }

    private static async Task<long> UsedMemoryAsync(IServer server)
    {
        var info = await server.InfoAsync("memory");
        var value = info.SelectMany(g => g).First(p => p.Key == "used_memory").Value;
        return long.Parse(value, CultureInfo.InvariantCulture);
    }

    /// <summary>Mean <c>MEMORY USAGE key SAMPLES 0</c> (every list node counted) over a seeded sample of listeners.</summary>
    private static async Task<double> MeanKeyBytesAsync(IDatabase database, ListenerMemoryOptions options, int listeners, int seed)
    {
        var random = new Random(seed + 3);
        var total = 0L;
        for (var i = 0; i < KeySample; i++)
        {
            var key = options.RedisKeyPrefix + random.Next(listeners).ToString(CultureInfo.InvariantCulture);
            total += (long)await database.ExecuteAsync("MEMORY", "USAGE", key, "SAMPLES", "0");
        }

        return total / (double)KeySample;
    }

    /// <summary>Session <paramref name="index"/> of <paramref name="sessions"/> ended minutes ago, oldest first, all well within the TTL.</summary>
    private static long EndedMs(long now, int sessions, int index) => now - ((sessions - index) * 60_000L);

    private static int EncodedBytes(int sessions, int tracks) => sessions * (11 + (5 * tracks));

    private static long Now => TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>Generated past sessions: random tracks, the first heard in full (as recorded), the others' shares in 0..1 with two decimals.</summary>
    private sealed class SessionSource(int seed)
    {
        private readonly Random _random = new(seed);

        public PastSession Next(int tracks, long endedMs)
        {
            var ids = new int[tracks];
            var shares = new float[tracks];
            for (var i = 0; i < tracks; i++)
            {
                ids[i] = _random.Next(CatalogTracks);
                shares[i] = i == 0 ? 1f : _random.Next(101) / 100f;
            }

            return new PastSession(endedMs, ids, shares);
        }
    }
}
