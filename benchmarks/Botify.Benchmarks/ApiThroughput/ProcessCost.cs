using System.Diagnostics;

namespace Botify.Benchmarks.ApiThroughput;

/// <summary>
/// What a load phase cost this process: CPU time (every thread: the callers, the servers and the GC),
/// bytes allocated, collections per generation, the time the GC paused the runtime, and the methods
/// the JIT compiled and the time it spent (a phase measured while the JIT still works is not steady state). Client and
/// servers share the process, so these are totals for one call's whole path, client included.
/// </summary>
internal readonly record struct ProcessCost(TimeSpan Cpu, long AllocatedBytes, int Gen0, int Gen1, int Gen2, TimeSpan GcPause, long JitMethods, TimeSpan JitTime)
{
    public static ProcessCost Now()
    {
        using var process = Process.GetCurrentProcess();
        return new ProcessCost(
            process.TotalProcessorTime,
            GC.GetTotalAllocatedBytes(precise: false),
            GC.CollectionCount(0),
            GC.CollectionCount(1),
            GC.CollectionCount(2),
            GC.GetTotalPauseDuration(),
            System.Runtime.JitInfo.GetCompiledMethodCount(),
            System.Runtime.JitInfo.GetCompilationTime());
    }

    public static ProcessCost operator -(ProcessCost end, ProcessCost start) => new(
        end.Cpu - start.Cpu,
        end.AllocatedBytes - start.AllocatedBytes,
        end.Gen0 - start.Gen0,
        end.Gen1 - start.Gen1,
        end.Gen2 - start.Gen2,
        end.GcPause - start.GcPause,
        end.JitMethods - start.JitMethods,
        end.JitTime - start.JitTime);

    public ProcessCost Subtract(ProcessCost start) => this - start;
}
