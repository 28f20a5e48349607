using System.Runtime.Intrinsics;
using Botify.Index.Hnsw;

namespace Botify.Index.Tests.Hnsw;

/// <summary>
/// The index's SIMD kernels against plain scalar loops, on lengths that leave every kind of remainder.
/// The runtime picks one path (512, 256 or 128 bits, or scalar) per process, so CI runs the
/// <c>SimdPaths</c> tests again with AVX-512 off and with AVX2 off (.ci/run).
/// </summary>
[Category("SimdPaths")]
public sealed class SimdKernelTests
{
    private static readonly int[] AwkwardLengths = [1, 7, 8, 15, 16, 17, 31, 32, 33, 47, 48, 49, 63, 64, 65, 100, 129, 255];

    [OneTimeSetUp]
    public void ReportPath() =>
        TestContext.Progress.WriteLine($"SIMD path: Vector512 {Vector512.IsHardwareAccelerated}, Vector256 {Vector256.IsHardwareAccelerated}, Vector128 {Vector128.IsHardwareAccelerated}");

    [Test]
    public void DotCodes_AwkwardLengths_EqualsTheScalarLoop()
    {
        var random = new Random(20);
        foreach (var length in AwkwardLengths)
        {
            for (var trial = 0; trial < 20; trial++)
            {
                var codes = Enumerable.Range(0, length).Select(_ => (sbyte)random.Next(-127, 128)).ToArray();
                var floats = Enumerable.Range(0, length).Select(_ => (float)((random.NextDouble() * 4) - 2)).ToArray();
                var expected = 0.0;
                var magnitude = 0.0;
                for (var j = 0; j < length; j++)
                {
                    expected += codes[j] * (double)floats[j];
                    magnitude += Math.Abs(codes[j] * (double)floats[j]);
                }

                var actual = QuantizedVectors.DotCodes(ref codes[0], ref floats[0], length);
                Assert.That(actual, Is.EqualTo(expected).Within(1e-6 * (magnitude + 1)), $"length {length}, trial {trial}");
            }
        }
    }

    [Test]
    public void VectorMathDot_AwkwardLengths_EqualsTheScalarLoop()
    {
        var random = new Random(21);
        foreach (var length in AwkwardLengths)
        {
            for (var trial = 0; trial < 20; trial++)
            {
                var a = Enumerable.Range(0, length).Select(_ => (float)((random.NextDouble() * 4) - 2)).ToArray();
                var b = Enumerable.Range(0, length).Select(_ => (float)((random.NextDouble() * 4) - 2)).ToArray();
                var expected = 0.0;
                var magnitude = 0.0;
                for (var j = 0; j < length; j++)
                {
                    expected += a[j] * (double)b[j];
                    magnitude += Math.Abs(a[j] * (double)b[j]);
                }

                var actual = VectorMath.Dot(ref a[0], ref b[0], length);
                Assert.That(actual, Is.EqualTo(expected).Within(1e-6 * (magnitude + 1)), $"length {length}, trial {trial}");
            }
        }
    }

    [Test]
    public void PlaceOf_SortedPoolsOfEveryCount_EqualsTheCountNotAbove()
    {
        // Few distinct values, so probes often equal pool entries (ties go after them), and stale
        // values past the count that must not be counted.
        var random = new Random(22);
        for (var count = 0; count <= 70; count++)
        {
            for (var trial = 0; trial < 10; trial++)
            {
                var distances = new float[count + SearchScratch.PoolSlack];
                for (var i = 0; i < distances.Length; i++)
                {
                    distances[i] = random.Next(-8, 8) * 0.5f;
                }

                Array.Sort(distances, 0, count);
                foreach (var probe in new[] { -5f, -1f, 0f, 0.25f, 1.5f, 5f, distances[Math.Max(0, count - 1)] })
                {
                    var expected = distances.Take(count).Count(d => d <= probe);
                    Assert.That(HnswGraph.PlaceOf(distances, count, probe), Is.EqualTo(expected), $"count {count}, trial {trial}, probe {probe}");
                }
            }
        }
    }
}
