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
/// </summary>
internal static partial class HugePages
{
    private const int AdviseHugePage = 14; // MADV_HUGEPAGE
    private const long PageBytes = 2 << 20;

    /// <summary>A pinned, uninitialised array of <paramref name="length"/> items; the caller writes every item.</summary>
    public static T[] AllocateUninitialized<T>(int length)
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
        if (!OperatingSystem.IsLinux() || bytes < 2 * PageBytes)
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
