using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace Botify.Index.Hnsw;

/// <summary>Asks the CPU to start loading memory a search will read soon, so the loads overlap other work.</summary>
internal static class CacheLines
{
    private const int LineBytes = 64;

    /// <summary>
    /// Prefetches the cache lines of <paramref name="bytes"/> bytes from <paramref name="start"/>. A prefetch
    /// never faults, so an unpinned array needs no pinning: if the GC moved it meanwhile, the hint is just wasted.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void Prefetch<T>(ref T start, int bytes)
    {
        if (Sse.IsSupported)
        {
            // From the line the range starts in to the line its last byte is in: a range that does
            // not start on a line boundary spans one line more than its length suggests.
            var first = (nint)Unsafe.AsPointer(ref start) & ~(nint)(LineBytes - 1);
            var last = (nint)Unsafe.AsPointer(ref start) + bytes - 1;
            for (var line = first; line <= last; line += LineBytes)
            {
                Sse.Prefetch0((void*)line);
            }
        }
    }

    /// <summary>Prefetches the one cache line <paramref name="start"/> is in.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void PrefetchLine<T>(ref T start)
    {
        if (Sse.IsSupported)
        {
            Sse.Prefetch0(Unsafe.AsPointer(ref start));
        }
    }
}
