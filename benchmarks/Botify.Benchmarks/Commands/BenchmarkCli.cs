using System.CommandLine;
using Spectre.Console;

namespace Botify.Benchmarks.Commands;

/// <summary>The command line: <c>index</c> (engine comparison), <c>kernels</c> (BenchmarkDotNet), <c>train</c> (trainer throughput), <c>api</c> (service throughput), <c>stream</c> (the event stream's throughput), <c>listener-memory</c> (the listener memory's bytes and per-call cost) and <c>faults</c> (the fault suite). Exit codes 0 / 1 failure / 2 bad usage.</summary>
internal static class BenchmarkCli
{
    public static int Run(string[] args)
    {
        // Piped to a file or a CI log, Spectre assumes 80 columns and wraps every cell; such output is read whole.
        if (Console.IsOutputRedirected)
        {
            AnsiConsole.Profile.Width = 240;
        }

        var root = new RootCommand("Botify's benchmarks: end-to-end index engine comparisons and BenchmarkDotNet kernels.")
        {
            IndexCommand.Create(),
            KernelsCommand.Create(),
            TrainCommand.Create(),
            ApiCommand.Create(),
            StreamCommand.Create(),
            ListenerMemoryCommand.Create(),
            FaultsCommand.Create(),
        };
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                Console.Error.WriteLine(error.Message);
            }

            Console.Error.WriteLine("see --help");
            return 2;
        }

        return parse.Invoke();
    }
}
