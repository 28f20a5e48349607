using System.Diagnostics;
using Botify.Protos.V1;
using Grpc.Core;
using HdrHistogram;

namespace Botify.Benchmarks.ApiThroughput;

/// <summary>
/// Drives <c>Next</c> calls at a server: closed loop (C callers, each sending its next call when the
/// last returns: the most the server can answer) or open loop at a fixed rate (latency at a given
/// load, measured from when each call was due, so a stalled server cannot hide its queue). Callers
/// play sessions of <see cref="SessionLength"/> calls ended by <c>Last</c>, as listeners do: a
/// session that never ends would grow its played list, and every search with it, without bound.
/// </summary>
internal static class LoadGenerator
{
    public const int SessionLength = 10;

    /// <summary>Listeners the open loop rotates through; at 1,000 calls/s each is called once a second.</summary>
    public const int OpenLoopListeners = 1_000;

    /// <summary>
    /// The closed loop. With a <paramref name="plan"/> (the memory arm), callers play the plan's sessions instead
    /// (<see cref="PlannedLoopAsync"/>).
    /// </summary>
    public static async Task<LoadResult> ClosedLoopAsync(string target, Recommender.RecommenderClient client, int callers, TimeSpan duration, int tracks, SessionPlan? plan = null)
    {
        if (plan is not null)
        {
            return await PlannedLoopAsync(target, client, callers, duration, tracks, plan);
        }

        var histogram = new LongConcurrentHistogram(1, TimeStamp.Seconds(10), 3);
        long calls = 0, errors = 0;
        var before = ProcessCost.Now();
        var stopwatch = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, callers).Select(worker => Task.Run(async () =>
        {
            var request = new NextRequest { User = worker, Track = worker % tracks, Time = 0.5f };
            var step = 0;
            while (stopwatch.Elapsed < duration)
            {
                var started = Stopwatch.GetTimestamp();
                try
                {
                    if (++step % SessionLength == 0)
                    {
                        await client.LastAsync(new LastRequest { User = request.User, Track = request.Track, Time = request.Time });
                        request.Track = (request.Track + 7_919) % tracks;
                    }
                    else
                    {
                        var reply = await client.NextAsync(request);
                        request.Track = reply.Track;
                    }

                    Interlocked.Increment(ref calls);
                }
                catch (RpcException)
                {
                    Interlocked.Increment(ref errors);
                }

                histogram.RecordValue(Stopwatch.GetTimestamp() - started);
            }
        })).ToArray();
        await Task.WhenAll(workers);
        var seconds = stopwatch.Elapsed.TotalSeconds;
        return Result(target, $"closed loop, {callers} callers", calls, errors, seconds, histogram, ProcessCost.Now() - before);
    }

    /// <summary>
    /// Runs the closed loop in one-second slices until a slice passes without the JIT compiling a
    /// method (at least <paramref name="least"/>, at most <paramref name="most"/>): tiered compilation
    /// recompiles hot methods in the background for several seconds after they first run, on the same
    /// two cores, so a phase measured earlier would carry that work, whichever target it measures.
    /// Returns how long it took.
    /// </summary>
    public static async Task<TimeSpan> WarmUpAsync(Recommender.RecommenderClient client, int callers, int tracks, TimeSpan least, TimeSpan most, SessionPlan? plan = null)
    {
        var stopwatch = Stopwatch.StartNew();
        var slice = TimeSpan.FromSeconds(1);
        while (stopwatch.Elapsed < most)
        {
            var compiled = System.Runtime.JitInfo.GetCompiledMethodCount();
            await ClosedLoopAsync("warm-up", client, callers, slice, tracks, plan);
            if (stopwatch.Elapsed >= least && System.Runtime.JitInfo.GetCompiledMethodCount() == compiled)
            {
                break;
            }
        }

        return stopwatch.Elapsed;
    }

    /// <summary>
    /// The closed loop as the memory arm's listeners play it: caller <c>w</c> is listener <c>w</c>, its sessions
    /// start in turn at the <paramref name="plan"/>'s first tracks (reported heard in full), follow the replies
    /// (reported at the plan's share) and end with <c>Last</c> after <see cref="SessionLength"/> calls, as the
    /// other arms' do. Each reply's <c>source</c> is counted. A session still open when the time is up is ended
    /// after the phase's figures are taken, so the next phase's first sessions start where the plan says too.
    /// </summary>
    private static async Task<LoadResult> PlannedLoopAsync(string target, Recommender.RecommenderClient client, int callers, TimeSpan duration, int tracks, SessionPlan plan)
    {
        var histogram = new LongConcurrentHistogram(1, TimeStamp.Seconds(10), 3);
        long calls = 0, errors = 0;
        var before = ProcessCost.Now();
        var stopwatch = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, callers).Select(worker => Task.Run(async () =>
        {
            var sources = new Dictionary<string, long>(StringComparer.Ordinal);
            var session = 0;
            var request = new NextRequest { User = worker, Track = plan.Start(worker, session, tracks), Time = 1f };
            var step = 0;
            while (stopwatch.Elapsed < duration)
            {
                var started = Stopwatch.GetTimestamp();
                try
                {
                    if (++step % SessionLength == 0)
                    {
                        await client.LastAsync(new LastRequest { User = request.User, Track = request.Track, Time = request.Time });
                        request.Track = plan.Start(worker, ++session, tracks);
                        request.Time = 1f;
                    }
                    else
                    {
                        var reply = await client.NextAsync(request);
                        sources[reply.Source] = sources.GetValueOrDefault(reply.Source) + 1;
                        request.Track = reply.Track;
                        request.Time = plan.Share;
                    }

                    Interlocked.Increment(ref calls);
                }
                catch (RpcException)
                {
                    Interlocked.Increment(ref errors);
                }

                histogram.RecordValue(Stopwatch.GetTimestamp() - started);
            }

            return (Sources: sources, Open: step % SessionLength != 0 ? request : null);
        })).ToArray();
        var ended = await Task.WhenAll(workers);
        var seconds = stopwatch.Elapsed.TotalSeconds;
        var cost = ProcessCost.Now() - before;
        var replies = new ReplySources();
        foreach (var (counts, _) in ended)
        {
            replies.Add(counts);
        }

        await Task.WhenAll(ended.Where(e => e.Open is not null).Select(e => EndQuietlyAsync(client, e.Open!)));
        return Result(target, $"closed loop, {callers} callers", calls, errors, seconds, histogram, cost) with { Sources = replies };
    }

    /// <summary>
    /// Gives the memory arm's listeners a memory before its timed phase: each of <paramref name="callers"/>
    /// listeners plays <paramref name="rounds"/> complete sessions from each of the <paramref name="plan"/>'s
    /// first tracks (the ones its timed sessions start with), played as <see cref="PlannedLoopAsync"/> plays
    /// them; each <c>Last</c> puts the session into the listener's memory.
    /// </summary>
    public static async Task<PrimingResult> PrimeAsync(Recommender.RecommenderClient client, int callers, int tracks, SessionPlan plan, int rounds)
    {
        long calls = 0, errors = 0;
        var stopwatch = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, callers).Select(worker => Task.Run(async () =>
        {
            var sources = new Dictionary<string, long>(StringComparer.Ordinal);
            for (var session = 0; session < rounds * plan.StartsPerListener; session++)
            {
                var request = new NextRequest { User = worker, Track = plan.Start(worker, session, tracks), Time = 1f };
                for (var step = 1; step <= SessionLength; step++)
                {
                    try
                    {
                        if (step == SessionLength)
                        {
                            await client.LastAsync(new LastRequest { User = request.User, Track = request.Track, Time = request.Time });
                        }
                        else
                        {
                            var reply = await client.NextAsync(request);
                            sources[reply.Source] = sources.GetValueOrDefault(reply.Source) + 1;
                            request.Track = reply.Track;
                            request.Time = plan.Share;
                        }

                        Interlocked.Increment(ref calls);
                    }
                    catch (RpcException)
                    {
                        Interlocked.Increment(ref errors);
                    }
                }
            }

            return sources;
        })).ToArray();
        var replies = new ReplySources();
        foreach (var counts in await Task.WhenAll(workers))
        {
            replies.Add(counts);
        }

        return new PrimingResult(callers, rounds * plan.StartsPerListener, calls, errors, stopwatch.Elapsed.TotalSeconds, replies);
    }

    private static async Task EndQuietlyAsync(Recommender.RecommenderClient client, NextRequest open)
    {
        try
        {
            await client.LastAsync(new LastRequest { User = open.User, Track = open.Track, Time = open.Time });
        }
        catch (RpcException)
        {
            // The next phase's first session then continues this one; its figures still count what served it.
        }
    }

    /// <summary>
    /// Calls at <paramref name="rate"/> per second whatever the server does. A dedicated thread sleeps
    /// until each call's intended send time (no spinning: the generator must not take a core from the
    /// servers it measures) and sends every call that is due; each call's latency counts from its
    /// intended send time, so a late generator or a queue in the server shows in the figures rather
    /// than hiding. How late the generator itself sent is reported beside them. Listeners play
    /// sessions like the closed loop's (nine <c>Next</c>, then <c>Last</c>), each taking the track its
    /// previous call was given; latencies are those of the <c>Next</c> calls.
    /// </summary>
    public static async Task<(LoadResult Result, double LateP99Ms, double LateMaxMs)> OpenLoopAsync(string target, Recommender.RecommenderClient client, int rate, TimeSpan duration, int tracks)
    {
        var histogram = new LongConcurrentHistogram(1, TimeStamp.Seconds(30), 3);
        var lateness = new LongHistogram(TimeStamp.Seconds(30), 3);
        long calls = 0, errors = 0;
        var total = (int)(rate * duration.TotalSeconds);
        var interval = Stopwatch.Frequency / (double)rate;
        var listeners = new int[OpenLoopListeners];
        var steps = new int[OpenLoopListeners];
        for (var i = 0; i < listeners.Length; i++)
        {
            listeners[i] = (i * 37) % tracks;
        }

        var inFlight = new Task[total];
        var before = ProcessCost.Now();
        var start = Stopwatch.GetTimestamp();
        // The pacer says when it is done without a pool thread blocking on it: on two cores that would
        // leave the servers one worker until the pool noticed and added another.
        var paced = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var pacer = new Thread(() =>
        {
            for (var i = 0; i < total; i++)
            {
                var due = start + (long)(i * interval);
                SleepUntil(due);
                lateness.RecordValue(Math.Max(0, Stopwatch.GetTimestamp() - due));
                var listener = i % OpenLoopListeners;
                inFlight[i] = ++steps[listener] % SessionLength == 0 ? Last(listener, due) : Next(listener, due);
            }

            paced.SetResult();
        })
        {
            IsBackground = true,
            Name = "open-loop pacer",
            Priority = ThreadPriority.AboveNormal,
        };
        pacer.Start();
        await paced.Task;
        await Task.WhenAll(inFlight);
        var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        var cost = ProcessCost.Now() - before;
        var result = Result(target, $"open loop at {rate:N0}/s", calls, errors, seconds, histogram, cost);
        return (result, Ms(lateness.GetValueAtPercentile(99)), Ms(lateness.GetMaxValue()));

        async Task Next(int listener, long due)
        {
            try
            {
                var reply = await client.NextAsync(new NextRequest { User = listener, Track = Volatile.Read(ref listeners[listener]), Time = 0.5f });
                Volatile.Write(ref listeners[listener], reply.Track);
                Interlocked.Increment(ref calls);
            }
            catch (RpcException)
            {
                Interlocked.Increment(ref errors);
            }

            histogram.RecordValue(Stopwatch.GetTimestamp() - due);
        }

        async Task Last(int listener, long due)
        {
            try
            {
                var track = Volatile.Read(ref listeners[listener]);
                await client.LastAsync(new LastRequest { User = listener, Track = track, Time = 0.5f });
                Volatile.Write(ref listeners[listener], (track + 7_919) % tracks);
                Interlocked.Increment(ref calls);
            }
            catch (RpcException)
            {
                Interlocked.Increment(ref errors);
            }
        }
    }

    /// <summary>
    /// Sleeps until <paramref name="due"/> (a <see cref="Stopwatch"/> timestamp). <see cref="Thread.Sleep(int)"/>
    /// rounds to whole milliseconds, too coarse at a call per millisecond, so on Linux the last part
    /// is slept with <c>usleep</c> (the kernel wakes the thread within about 50 µs).
    /// </summary>
    private static void SleepUntil(long due)
    {
        while (true)
        {
            var remaining = due - Stopwatch.GetTimestamp();
            if (remaining <= 0)
            {
                return;
            }

            var micros = remaining * 1_000_000 / Stopwatch.Frequency;
            if (OperatingSystem.IsLinux())
            {
                if (micros > 0)
                {
                    _ = PreciseSleep.Microseconds((uint)Math.Min(micros, 100_000));
                }
            }
            else
            {
                Thread.Sleep(micros >= 2_000 ? (int)(micros / 1_000) - 1 : 0);
            }
        }
    }

    private static double Ms(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;

    private static LoadResult Result(string target, string load, long calls, long errors, double seconds, HistogramBase histogram, ProcessCost cost) =>
        new(target, load, calls, errors, seconds,
            Ms(histogram.GetValueAtPercentile(50)), Ms(histogram.GetValueAtPercentile(99)), Ms(histogram.GetMaxValue()), cost);
}
