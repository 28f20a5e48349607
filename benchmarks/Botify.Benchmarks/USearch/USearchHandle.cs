using System.Runtime.CompilerServices;
using Cloud.Unum.USearch;

namespace Botify.Benchmarks.USearch;

/// <summary>
/// The native index pointer inside a <see cref="USearchIndex"/>. The wrapper keeps it in a private
/// field and offers no accessor; <see cref="UnsafeAccessorAttribute"/> reads it without reflection.
/// If a later wrapper renames the field this fails loudly (MissingFieldException), never silently.
/// </summary>
internal static class USearchHandle
{
    public static nint Of(USearchIndex index)
    {
        var handle = NativeIndex(index);
        if (handle == 0)
        {
            throw new InvalidOperationException("the USearch index has no native handle (disposed?)");
        }

        return handle;
    }

    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "_index")]
    private static extern ref nint NativeIndex(USearchIndex index);
}
