using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Botify.Benchmarks.Kernels;

/// <summary>
/// Hand-written dot products to hold TensorPrimitives.Dot against, at the width the index uses
/// (d = 64 plus the bias: 65 floats, so every kernel has a one-float tail).
/// </summary>
internal static class DotKernels
{
    public static float Scalar(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var sum = 0f;
        for (var i = 0; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }

        return sum;
    }

    /// <summary>Two 8-wide FMA accumulators (hides the FMA latency), a scalar tail.</summary>
    public static float Vector256Fma(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        ref var left = ref MemoryMarshal.GetReference(a);
        ref var right = ref MemoryMarshal.GetReference(b);
        var n = (nuint)a.Length;
        var first = Vector256<float>.Zero;
        var second = Vector256<float>.Zero;
        nuint i = 0;
        for (; i + 16 <= n; i += 16)
        {
            first = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref left, i), Vector256.LoadUnsafe(ref right, i), first);
            second = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref left, i + 8), Vector256.LoadUnsafe(ref right, i + 8), second);
        }

        if (i + 8 <= n)
        {
            first = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref left, i), Vector256.LoadUnsafe(ref right, i), first);
            i += 8;
        }

        var sum = Vector256.Sum(first + second);
        for (; i < n; i++)
        {
            sum += Unsafe.Add(ref left, i) * Unsafe.Add(ref right, i);
        }

        return sum;
    }

    /// <summary>Two 16-wide FMA accumulators, a scalar tail.</summary>
    public static float Vector512Fma(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        ref var left = ref MemoryMarshal.GetReference(a);
        ref var right = ref MemoryMarshal.GetReference(b);
        var n = (nuint)a.Length;
        var first = Vector512<float>.Zero;
        var second = Vector512<float>.Zero;
        nuint i = 0;
        for (; i + 32 <= n; i += 32)
        {
            first = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref left, i), Vector512.LoadUnsafe(ref right, i), first);
            second = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref left, i + 16), Vector512.LoadUnsafe(ref right, i + 16), second);
        }

        if (i + 16 <= n)
        {
            first = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref left, i), Vector512.LoadUnsafe(ref right, i), first);
            i += 16;
        }

        var sum = Vector512.Sum(first + second);
        for (; i < n; i++)
        {
            sum += Unsafe.Add(ref left, i) * Unsafe.Add(ref right, i);
        }

        return sum;
    }
}
