using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Botify.Index.Hnsw;

/// <summary>
/// Allocates the graph's large arrays (vectors, codes, links) where Linux may back them with 2 MB pages.
/// A search touches a few thousand nodes scattered over hundreds of megabytes; with 4 KB pages nearly
/// every one is also a TLB miss, and under a hypervisor a miss walks two sets of page tables. The
/// arrays are pinned (so the advice stays with their addresses) and advised before their first write
/// (pages are chosen at first touch). Where transparent huge pages are off, or on other systems, the
/// advice is ignored and nothing else changes.
/// <para>
/// The advice is a process-wide choice (<see cref="Enabled"/>), as the GC's settings are: it buys
/// throughput and can cost tail latency: on a VM whose kernel samples memory for reclaim, touching
/// pages after a sample is slow for a moment, far more often on 2 MB pages (docs/index.md#memory).
/// The index service therefore leaves the advice off unless configured (<c>Index:HugePages</c>); the
/// index benchmark turns it on.
/// </para>
/// </summary>
public static partial class HugePages
{
    private static volatile bool _enabled = true;

    /// <summary>
    /// Whether arrays allocated from now on are advised for 2 MB pages. Default true; arrays already
    /// allocated keep their pages. Set it before a graph is built or loaded.
    /// </summary>
    public static bool Enabled
    {
        get => _enabled;
        set => _enabled = value;
    }

    private const int AdviseHugePage = 14; // MADV_HUGEPAGE
    private const long PageBytes = 2 << 20;

    /// <summary>A pinned, uninitialised array of <paramref name="length"/> items; the caller writes every item.</summary>
    internal static T[] AllocateUninitialized<T>(int length)
        where T : unmanaged
    {
        var array = GC.AllocateUninitializedArray<T>(length, pinned: true);
        Advise(array);
        return array;
    }

    private static unsafe void Advise<T>(T[] array)
        where T : unmanaged
    {
        var bytes = (long)array.Length * sizeof(T);
        if (!_enabled || !OperatingSystem.IsLinux() || bytes < 2 * PageBytes)
        {
            return;
        }

        var start = (long)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(array));
        var first = (start + PageBytes - 1) & ~(PageBytes - 1);
        var end = (start + bytes) & ~(PageBytes - 1);
        if (end > first)
        {
            // A hint: a failure (no THP support, an old kernel) leaves ordinary pages, so it is not checked.
            _ = Madvise((nint)first, (nuint)(end - first), AdviseHugePage);
        }
    }

    [LibraryImport("libc", EntryPoint = "madvise")]
    private static partial int Madvise(nint address, nuint length, int advice);
}
