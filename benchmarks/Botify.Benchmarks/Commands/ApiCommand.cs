using System.CommandLine;
using Botify.Benchmarks.ApiThroughput;

namespace Botify.Benchmarks.Commands;

/// <summary><c>api</c>: Next through Botify.Api against a no-op gRPC server, and the simulator's driver.</summary>
internal static class ApiCommand
{
    public static Command Create()
    {
        var callers = new Option<int>("--callers") { Description = "Concurrent callers in the closed-loop phases and the driver.", DefaultValueFactory = _ => 64 };
        var rate = new Option<int>("--rate") { Description = "Calls per second of the open-loop latency phase.", DefaultValueFactory = _ => 1_000 };
        var seconds = new Option<int>("--seconds") { Description = "Length of each timed phase.", DefaultValueFactory = _ => 10 };
        var tracks = new Option<int>("--tracks") { Description = "Tracks in the catalog and the model.", DefaultValueFactory = _ => 50_000 };
        var allocations = new Option<bool>("--allocations") { Description = "Sample what Botify.Api's closed-loop phase allocates, by type (the runtime's allocation events; slows the phase a little)." };
        var hugePages = new Option<bool>("--index-huge-pages") { Description = "Serve the index's graph from 2 MB pages (Index:HugePages=true) instead of the service's default 4 KB pages." };
        var json = new Option<bool>("--json") { Description = "Also drive the JSON API (POST /next/{user}) with wrk beside a no-op JSON endpoint on the same server, at 8, 32 and 128 connections (needs wrk on PATH).", DefaultValueFactory = _ => true };
        var sinksOnly = new Option<bool>("--sinks-only") { Description = "Only the event-sink comparison: the no-op server, then C on the file sink and C on the JetStream sink (closed loop, alternating for --rounds); no other arm, open loop, JSON phase or driver." };
        var rounds = new Option<int>("--rounds") { Description = "Rounds of C on the file sink then C on the JetStream sink; their ratio is over all rounds' calls.", DefaultValueFactory = _ => 1 };
        rounds.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 1 or > 20)
            {
                result.AddError("--rounds must be 1..20");
            }
        });
        var output = new Option<FileInfo?>("--out") { Description = "Write the results as JSON here." };
        var command = new Command("api", "Next through Botify.Api (the seminar's control with and without the candidate cache, and on the JetStream event sink against a nats-server it starts; the listener and session arms, which cannot be cached; the memory arm, its listeners first given past sessions that its timed sessions match) against a no-op gRPC Recommender in the same run, latency of both at a fixed rate, the JSON API under wrk beside a no-op JSON endpoint with fallbacks by reason per load level, and Botify.Sim's remote driver against the no-op server.")
        {
            callers, rate, seconds, tracks, allocations, hugePages, json, sinksOnly, rounds, output,
        };
        command.SetAction((parse, _) => ApiThroughputBenchmark.RunAsync(new ApiRunSettings(
            parse.GetValue(callers), parse.GetValue(rate), TimeSpan.FromSeconds(parse.GetValue(seconds)), parse.GetValue(tracks), parse.GetValue(allocations), parse.GetValue(hugePages), parse.GetValue(json), parse.GetValue(sinksOnly), parse.GetValue(rounds), parse.GetValue(output))));
        return command;
    }
}
