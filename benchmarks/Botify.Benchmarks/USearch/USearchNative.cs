using System.Runtime.InteropServices;
using Cloud.Unum.USearch;

namespace Botify.Benchmarks.USearch;

/// <summary>
/// The few functions of USearch's C library (<c>libusearch_c</c>, shipped in the Cloud.Unum.USearch
/// package) that its C# wrapper does not expose: reserving capacity before a parallel build, changing
/// expansionSearch on a built index, its memory usage, and a search into caller-owned buffers (the
/// wrapper's <c>Search</c> allocates two arrays per call, which would charge USearch for .NET garbage).
/// Signatures follow <c>c/usearch.h</c> of USearch 2.26; every call reports failure through an
/// out-pointer to a C string.
/// </summary>
internal static unsafe partial class USearchNative
{
    private const string Library = "libusearch_c";

    [LibraryImport(Library, EntryPoint = "usearch_reserve")]
    private static partial void ReserveNative(nint index, nuint capacity, out nint error);

    [LibraryImport(Library, EntryPoint = "usearch_change_threads_add")]
    private static partial void ChangeThreadsAddNative(nint index, nuint threads, out nint error);

    [LibraryImport(Library, EntryPoint = "usearch_change_expansion_search")]
    private static partial void ChangeExpansionSearchNative(nint index, nuint expansion, out nint error);

    [LibraryImport(Library, EntryPoint = "usearch_expansion_search")]
    private static partial nuint ExpansionSearchNative(nint index, out nint error);

    [LibraryImport(Library, EntryPoint = "usearch_memory_usage")]
    private static partial nuint MemoryUsageNative(nint index, out nint error);

    [LibraryImport(Library, EntryPoint = "usearch_serialized_length")]
    private static partial nuint SerializedLengthNative(nint index, out nint error);

    [LibraryImport(Library, EntryPoint = "usearch_search")]
    private static partial nuint SearchNative(nint index, float* query, ScalarKind queryKind, nuint count, ulong* keys, float* distances, out nint error);

    public static void Reserve(nint index, long capacity)
    {
        ReserveNative(index, (nuint)capacity, out var error);
        ThrowOnError(error, "usearch_reserve");
    }

    public static void ChangeThreadsAdd(nint index, int threads)
    {
        ChangeThreadsAddNative(index, (nuint)threads, out var error);
        ThrowOnError(error, "usearch_change_threads_add");
    }

    public static void ChangeExpansionSearch(nint index, int expansion)
    {
        ChangeExpansionSearchNative(index, (nuint)expansion, out var error);
        ThrowOnError(error, "usearch_change_expansion_search");
    }

    public static long ExpansionSearch(nint index)
    {
        var expansion = ExpansionSearchNative(index, out var error);
        ThrowOnError(error, "usearch_expansion_search");
        return (long)expansion;
    }

    public static long MemoryUsage(nint index)
    {
        var bytes = MemoryUsageNative(index, out var error);
        ThrowOnError(error, "usearch_memory_usage");
        return (long)bytes;
    }

    public static long SerializedLength(nint index)
    {
        var bytes = SerializedLengthNative(index, out var error);
        ThrowOnError(error, "usearch_serialized_length");
        return (long)bytes;
    }

    /// <summary>Top-<c>keys.Length</c> keys for a float32 query; nothing is allocated.</summary>
    public static int Search(nint index, ReadOnlySpan<float> query, Span<ulong> keys, Span<float> distances)
    {
        nuint found;
        nint error;
        fixed (float* queryPointer = query)
        fixed (ulong* keysPointer = keys)
        fixed (float* distancesPointer = distances)
        {
            found = SearchNative(index, queryPointer, ScalarKind.Float32, (nuint)keys.Length, keysPointer, distancesPointer, out error);
        }

        ThrowOnError(error, "usearch_search");
        return (int)found;
    }

    private static void ThrowOnError(nint error, string function)
    {
        if (error != 0)
        {
            throw new USearchException($"{function}: {Marshal.PtrToStringUTF8(error)}");
        }
    }
}
