using System.CommandLine;
using Botify.Benchmarks.EventStream;

namespace Botify.Benchmarks.Commands;

/// <summary><c>stream</c>: the event stream's throughput against a nats-server it starts (publish, the API's sink, the reader, training).</summary>
internal static class StreamCommand
{
    public static Command Create()
    {
        var events = new Option<int>("--events") { Description = "Generated listener events published, stored by the sink, read and trained on.", DefaultValueFactory = _ => 200_000 };
        var unbatched = new Option<int>("--unbatched-events") { Description = "Events of the one-publish-at-a-time rows (batch 1); at most --events.", DefaultValueFactory = _ => 20_000 };
        var sinkRate = new Option<int>("--sink-rate") { Description = "Events per second of the paced sink row, 5 s long (an API's rate, so the sink's pump finds small batches, as behind the api benchmark's C row).", DefaultValueFactory = _ => 10_000 };
        var tracks = new Option<int>("--tracks") { Description = "Tracks in the generated catalog.", DefaultValueFactory = _ => 20_000 };
        var dimension = new Option<int>("--dim") { Description = "Embedding dimension of the training rows.", DefaultValueFactory = _ => 16 };
        var epochs = new Option<int>("--epochs") { Description = "Epochs of the training rows.", DefaultValueFactory = _ => 3 };
        var output = new Option<FileInfo?>("--out") { Description = "Write the results as JSON here." };
        foreach (var option in new[] { events, unbatched, sinkRate, tracks, dimension, epochs })
        {
            option.Validators.Add(result =>
            {
                if (result.GetValueOrDefault<int>() < 1)
                {
                    result.AddError($"{option.Name} must be at least 1");
                }
            });
        }

        var command = new Command("stream", "The event stream on this host against a nats-server -js it starts: events/s one stream accepts through the API sink's publishing pattern (1 and 4 publishers, batches of 256 against 1), JetStreamEventSink end to end (in a burst and paced at an API's rate), EventStreamReader against the same events in a file, and the training pipeline from the stream against from a file.")
        {
            events, unbatched, sinkRate, tracks, dimension, epochs, output,
        };
        command.SetAction((parse, _) => StreamBenchmark.RunAsync(new StreamRunSettings(
            parse.GetValue(events), Math.Min(parse.GetValue(unbatched), parse.GetValue(events)), parse.GetValue(sinkRate), parse.GetValue(tracks), parse.GetValue(dimension), parse.GetValue(epochs), parse.GetValue(output))));
        return command;
    }
}
