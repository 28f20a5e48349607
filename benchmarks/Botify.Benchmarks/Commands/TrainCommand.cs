using System.CommandLine;
using Botify.Benchmarks.Training;

namespace Botify.Benchmarks.Commands;

/// <summary><c>train</c>: the trainer's throughput on a generated cold-start log.</summary>
internal static class TrainCommand
{
    public static Command Create()
    {
        var events = new Option<int>("--events") { Description = "Events in the generated log.", DefaultValueFactory = _ => 1_000_000 };
        var tracks = new Option<int>("--tracks") { Description = "Tracks in the generated catalog.", DefaultValueFactory = _ => 50_000 };
        var dimension = new Option<int>("--dim") { Description = "Embedding dimension d.", DefaultValueFactory = _ => 64 };
        var epochs = new Option<int>("--epochs") { Description = "Epochs (no early stopping: every epoch runs).", DefaultValueFactory = _ => 10 };
        var threads = new Option<int>("--threads") { Description = "Training threads (Hogwild); 0 = all cores.", DefaultValueFactory = _ => 0 };
        var seed = new Option<int>("--seed") { Description = "Seed of the log and the model.", DefaultValueFactory = _ => 1 };
        var output = new Option<FileInfo?>("--out") { Description = "Write the per-epoch results as JSON here." };
        var command = new Command("train", "Trains the factorisation model on a generated log of the given size and prints examples/s per epoch.")
        {
            events, tracks, dimension, epochs, threads, seed, output,
        };
        command.SetAction(parse =>
        {
            var threadCount = parse.GetValue(threads) is > 0 and var t ? t : Environment.ProcessorCount;
            return TrainingBenchmark.Run(parse.GetValue(events), parse.GetValue(tracks), parse.GetValue(dimension), parse.GetValue(epochs), threadCount, parse.GetValue(seed), parse.GetValue(output));
        });
        return command;
    }
}
