using System.Diagnostics;
using Botify.Protos.V1;
using Grpc.Core;
using HdrHistogram;

namespace Botify.Benchmarks.ApiThroughput;

/// <summary>
/// Drives <c>Next</c> calls at a server: closed loop (C callers, each sending its next call when the
/// last returns: the most the server can answer) or open loop at a fixed rate (latency at a given
/// load, measured from when each call was due, so a stalled server cannot hide its queue). Callers
/// play sessions of <see cref="SessionLength"/> tracks ended by <c>Last</c>, as listeners do: a
/// session that never ends would grow its played list, and every search with it, without bound.
/// </summary>
internal static class LoadGenerator
{
    public const int SessionLength = 10;

    public static async Task<LoadResult> ClosedLoopAsync(string target, Recommender.RecommenderClient client, int callers, TimeSpan duration)
    {
        var histogram = new LongConcurrentHistogram(1, TimeStamp.Seconds(10), 3);
        long calls = 0, errors = 0;
        var stopwatch = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, callers).Select(worker => Task.Run(async () =>
        {
            var request = new NextRequest { User = worker, Track = worker, Time = 0.5f };
            var step = 0;
            while (stopwatch.Elapsed < duration)
            {
                var started = Stopwatch.GetTimestamp();
                try
                {
                    if (++step % SessionLength == 0)
                    {
                        await client.LastAsync(new LastRequest { User = request.User, Track = request.Track, Time = request.Time });
                        request.Track = (request.Track + 7_919) % 50_000;
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
        return Result(target, $"closed loop, {callers} callers", calls, errors, stopwatch.Elapsed.TotalSeconds, histogram);
    }

    public static async Task<LoadResult> OpenLoopAsync(string target, Recommender.RecommenderClient client, int rate, TimeSpan duration)
    {
        var histogram = new LongConcurrentHistogram(1, TimeStamp.Seconds(10), 3);
        long calls = 0, errors = 0;
        var total = (int)(rate * duration.TotalSeconds);
        var interval = Stopwatch.Frequency / (double)rate;
        var start = Stopwatch.GetTimestamp();
        var inFlight = new List<Task>(total);
        for (var i = 0; i < total; i++)
        {
            var due = start + (long)(i * interval);
            while (Stopwatch.GetTimestamp() < due)
            {
                if (due - Stopwatch.GetTimestamp() > Stopwatch.Frequency / 1000)
                {
                    await Task.Delay(1);
                }
            }

            // Each user is called every 10,000 calls: its sessions stay short, as a listener's.
            var user = i % 10_000;
            inFlight.Add(Call(user, due));
        }

        await Task.WhenAll(inFlight);
        return Result(target, $"open loop at {rate:N0}/s", calls, errors, Stopwatch.GetElapsedTime(start).TotalSeconds, histogram);

        async Task Call(int user, long due)
        {
            try
            {
                await client.NextAsync(new NextRequest { User = user, Track = user, Time = 0.5f });
                Interlocked.Increment(ref calls);
            }
            catch (RpcException)
            {
                Interlocked.Increment(ref errors);
            }

            histogram.RecordValue(Stopwatch.GetTimestamp() - due);
        }
    }

    private static LoadResult Result(string target, string load, long calls, long errors, double seconds, LongConcurrentHistogram histogram)
    {
        double Ms(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;
        return new LoadResult(target, load, calls, errors, seconds,
            Ms(histogram.GetValueAtPercentile(50)), Ms(histogram.GetValueAtPercentile(99)), Ms(histogram.GetMaxValue()));
    }
}
