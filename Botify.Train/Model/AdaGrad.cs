using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Botify.Train.Model;

/// <summary>
/// The AdaGrad step on one embedding row, fused into one SIMD pass with the row's L2 term: accumulate the squared gradient,
/// then move each weight by lr · g / sqrt(G + ε). Rows that occur often (popular tracks) take ever
/// smaller steps, rare ones keep learning — what sparse embedding tables need.
/// </summary>
internal static class AdaGrad
{
    public const float Epsilon = 1e-8f;

    /// <summary>Where every accumulator starts (as common AdaGrad implementations do): steps begin proportional to the gradient.</summary>
    public const float InitialAccumulator = 0.1f;

    /// <summary>weights -= lr · gradient / sqrt(accumulator + gradient²); accumulator += gradient².</summary>
    public static void Step(Span<float> weights, Span<float> accumulator, ReadOnlySpan<float> gradient, float learningRate) =>
        Step(weights, accumulator, gradient, 1f, 0f, learningRate);

    /// <summary>
    /// The same step for the gradient <paramref name="scale"/> · <paramref name="direction"/> + <paramref name="decay"/> · weights
    /// (a loss's gradient plus the row's L2 term), formed in the same pass: one read of each row instead of a pass to build it first.
    /// </summary>
    public static void Step(Span<float> weights, Span<float> accumulator, ReadOnlySpan<float> direction, float scale, float decay, float learningRate)
    {
        ref var w = ref MemoryMarshal.GetReference(weights);
        ref var a = ref MemoryMarshal.GetReference(accumulator);
        ref var g = ref MemoryMarshal.GetReference(direction);
        var length = direction.Length;
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var lr = Vector256.Create(learningRate);
            var eps = Vector256.Create(Epsilon);
            var dv = Vector256.Create(decay);
            var sv = Vector256.Create(scale);
            for (; i <= length - 8; i += 8)
            {
                var wv = Vector256.LoadUnsafe(ref w, (nuint)i);
                var gv = Vector256.FusedMultiplyAdd(wv, dv, sv * Vector256.LoadUnsafe(ref g, (nuint)i));
                var av = Vector256.FusedMultiplyAdd(gv, gv, Vector256.LoadUnsafe(ref a, (nuint)i));
                av.StoreUnsafe(ref a, (nuint)i);
                (wv - (lr * gv / Vector256.Sqrt(av + eps))).StoreUnsafe(ref w, (nuint)i);
            }
        }

        for (; i < length; i++)
        {
            ref var wi = ref Unsafe.Add(ref w, i);
            var gi = (scale * Unsafe.Add(ref g, i)) + (decay * wi);
            ref var ai = ref Unsafe.Add(ref a, i);
            ai += gi * gi;
            wi -= learningRate * gi / MathF.Sqrt(ai + Epsilon);
        }
    }

    /// <summary>The scalar form, for biases.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Step(ref float weight, ref float accumulator, float gradient, float learningRate)
    {
        accumulator += gradient * gradient;
        weight -= learningRate * gradient / MathF.Sqrt(accumulator + Epsilon);
    }
}
