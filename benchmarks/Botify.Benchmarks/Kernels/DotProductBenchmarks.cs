using System.Diagnostics.CodeAnalysis;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;
using Botify.Index.Hnsw;
using Botify.Shared.Embeddings;

namespace Botify.Benchmarks.Kernels;

/// <summary>
/// One query against the 32 rows of a layer-0 neighbour list (M = 16), 65 floats each, laid out
/// back to back as the index stores them (so most rows start unaligned). Reported per dot product.
/// TensorPrimitives.Dot is the baseline; Botify's own kernel and two plain loops are held against it.
/// </summary>
[MemoryDiagnoser]
[SuppressMessage("Performance", "CA1515:Consider making public types internal", Justification = "BenchmarkDotNet runs public classes only.")]
public class DotProductBenchmarks
{
    private const int Rows = 32;
    private float[] _query = [];
    private float[] _rows = [];

    [Params(65)]
    public int Dimension { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(7);
        _query = new float[Dimension];
        _rows = new float[Rows * Dimension];
        ClusteredVectors.FillGaussian(random, _query, 1f);
        ClusteredVectors.FillGaussian(random, _rows, 1f);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Rows)]
    public float TensorPrimitivesDot()
    {
        var sum = 0f;
        for (var r = 0; r < Rows; r++)
        {
            sum += TensorPrimitives.Dot(_query, _rows.AsSpan(r * Dimension, Dimension));
        }

        return sum;
    }

    /// <summary>The kernel the HNSW search runs (Botify.Index's VectorMath.Dot).</summary>
    [Benchmark(OperationsPerInvoke = Rows)]
    public float BotifyVectorMath()
    {
        var sum = 0f;
        ref var query = ref MemoryMarshal.GetArrayDataReference(_query);
        for (var r = 0; r < Rows; r++)
        {
            sum += VectorMath.Dot(ref query, ref _rows[r * Dimension], Dimension);
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = Rows)]
    public float Vector512Fma()
    {
        var sum = 0f;
        for (var r = 0; r < Rows; r++)
        {
            sum += DotKernels.Vector512Fma(_query, _rows.AsSpan(r * Dimension, Dimension));
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = Rows)]
    public float Vector256Fma()
    {
        var sum = 0f;
        for (var r = 0; r < Rows; r++)
        {
            sum += DotKernels.Vector256Fma(_query, _rows.AsSpan(r * Dimension, Dimension));
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = Rows)]
    public float Scalar()
    {
        var sum = 0f;
        for (var r = 0; r < Rows; r++)
        {
            sum += DotKernels.Scalar(_query, _rows.AsSpan(r * Dimension, Dimension));
        }

        return sum;
    }
}
