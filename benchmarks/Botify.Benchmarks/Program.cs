using Botify.Benchmarks.Commands;

return BenchmarkCli.Run(args);
