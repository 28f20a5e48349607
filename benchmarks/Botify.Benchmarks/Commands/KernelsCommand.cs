using System.CommandLine;
using BenchmarkDotNet.Running;
using Botify.Benchmarks.Kernels;

namespace Botify.Benchmarks.Commands;

/// <summary><c>kernels</c>: the BenchmarkDotNet classes (dot-product kernels, one-query search) with the memory diagnoser.</summary>
internal static class KernelsCommand
{
    public static Command Create()
    {
        var filter = new Option<string>("--filter") { Description = "Glob over benchmark names, e.g. '*Dot*' or '*OneQuery*'.", DefaultValueFactory = _ => "*" };
        var medium = new Option<bool>("--medium") { Description = "Use BenchmarkDotNet's MediumRun job instead of the short one (slower, tighter intervals)." };
        var inProcess = new Option<bool>("--in-process") { Description = "Run benchmarks in this process (no child build); less isolation, much quicker start." };
        var artifacts = new Option<string>("--artifacts") { Description = "Folder for BenchmarkDotNet's logs and reports.", DefaultValueFactory = _ => "BenchmarkDotNet.Artifacts" };
        var command = new Command("kernels", "Runs the BenchmarkDotNet classes with the memory diagnoser: TensorPrimitives.Dot against hand-written Vector512/Vector256 and scalar loops at 65 floats, and one HNSW query (Botify, USearch, exact scan).")
        {
            filter, medium, inProcess, artifacts,
        };
        command.SetAction(parse =>
        {
            var config = KernelsConfig.Create(parse.GetValue(medium), parse.GetValue(inProcess), Path.GetFullPath(parse.GetValue(artifacts)!));
            var summaries = BenchmarkSwitcher
                .FromTypes([typeof(DotProductBenchmarks), typeof(OneQuerySearchBenchmarks)])
                .Run(["--filter", parse.GetValue(filter)!], config)
                .ToList();
            var failed = summaries.Count == 0 || summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success));
            return failed ? 1 : 0;
        });
        return command;
    }
}
