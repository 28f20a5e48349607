using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Botify.Benchmarks.Kernels;

/// <summary>
/// The BenchmarkDotNet configuration: a short job by default (one launch, 3 warm-up and 3 measured
/// iterations) because the machine has two cores and the numbers only need to rank kernels.
/// </summary>
internal static class KernelsConfig
{
    public static IConfig Create(bool medium, bool inProcess, string artifactsPath)
    {
        var job = (medium ? Job.MediumRun : Job.ShortRun).WithId(medium ? "MediumRun" : "ShortRun");
        if (inProcess)
        {
            job = job.WithToolchain(InProcessEmitToolchain.Instance);
        }

        return ManualConfig.Create(DefaultConfig.Instance)
            .AddJob(job)
            .WithArtifactsPath(artifactsPath)
            .WithOptions(ConfigOptions.JoinSummary);
    }
}
