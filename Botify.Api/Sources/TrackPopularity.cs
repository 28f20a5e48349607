using Botify.Shared.Catalog;
using Botify.Shared.Events;

namespace Botify.Api.Sources;

/// <summary>
/// How much of each track listeners heard: seeded from an event log at start-up and counted from
/// the live traffic. The top list is recomputed at most once per refresh interval, so reading it on
/// every call costs nothing.
/// </summary>
internal sealed class TrackPopularity
{
    // Hundredths of a track heard, summed; integers so concurrent calls add with Interlocked.
    private readonly long[] _heard;
    private readonly TimeProvider _time;
    private readonly TimeSpan _refresh;
    private readonly Lock _gate = new();
    private Candidate[] _top = [];
    private long _topComputedAt;
    private bool _computed;

    public TrackPopularity(TrackCatalog catalog, TimeProvider time, TimeSpan refresh)
    {
        _heard = new long[catalog.Count];
        _time = time;
        _refresh = refresh;
    }

    public void Record(int track, double time)
    {
        if ((uint)track < (uint)_heard.Length)
        {
            Interlocked.Add(ref _heard[track], (long)Math.Round(time * 100));
        }
    }

    /// <summary>Adds every <c>next</c> event of a log (file or folder); returns how many were counted.</summary>
    public int Seed(string logPath)
    {
        var counted = 0;
        foreach (var item in EventLogReader.Read(logPath))
        {
            Record(item.Track, item.Time);
            counted++;
        }

        Refresh();
        return counted;
    }

    /// <summary>The most heard tracks, best first, at most <see cref="TopSize"/>; empty before anything was heard.</summary>
    public IReadOnlyList<Candidate> Top()
    {
        var now = _time.GetTimestamp();
        if (!Volatile.Read(ref _computed) || _time.GetElapsedTime(Volatile.Read(ref _topComputedAt), now) >= _refresh)
        {
            lock (_gate)
            {
                if (!_computed || _time.GetElapsedTime(_topComputedAt, now) >= _refresh)
                {
                    Refresh();
                }
            }
        }

        return Volatile.Read(ref _top);
    }

    public const int TopSize = 1000;

    private void Refresh()
    {
        var heap = new PriorityQueue<int, long>(TopSize + 1);
        for (var track = 0; track < _heard.Length; track++)
        {
            var heard = Volatile.Read(ref _heard[track]);
            if (heard <= 0)
            {
                continue;
            }

            heap.Enqueue(track, heard);
            if (heap.Count > TopSize)
            {
                heap.Dequeue();
            }
        }

        var top = new Candidate[heap.Count];
        for (var i = top.Length - 1; i >= 0; i--)
        {
            heap.TryDequeue(out var track, out var heard);
            top[i] = new Candidate(track, heard / 100f);
        }

        Volatile.Write(ref _top, top);
        Volatile.Write(ref _topComputedAt, _time.GetTimestamp());
        Volatile.Write(ref _computed, true);
    }
}
