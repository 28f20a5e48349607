using System.CommandLine;
using System.Globalization;
using Botify.Sim.Agents;
using Botify.Sim.Remote;
using Botify.Sim.Reports;
using Botify.Sim.Sessions;
using Botify.Sim.Worlds;
using Spectre.Console;

namespace Botify.Sim.Cli;

/// <summary><c>Botify.Sim run</c>: plays sessions against an in-process agent or a recommender over gRPC and reports them.</summary>
internal static class RunCommand
{
    private static readonly string[] Agents = ["random", "oracle", "neighbours"];

    public static Command Create(IAnsiConsole console)
    {
        var world = new Option<DirectoryInfo>("--world") { Description = "World folder (tracks.json, tracks.npy, users.json) written by 'world'.", Required = true };
        var episodes = new Option<int>("--episodes") { Description = "Sessions to play.", DefaultValueFactory = _ => 10_000 };
        var seed = new Option<long>("--seed") { Description = "Seed; with the episode index it fixes each session's listener and draws.", DefaultValueFactory = _ => 1 };
        var concurrency = new Option<int?>("--concurrency") { Description = "Sessions at once (default: one per core in process, 16 remote). Never two of one listener." };
        var rate = new Option<double?>("--rate") { Description = "Remote only: target calls per second over all sessions (default: as fast as the server answers)." };
        var agent = new Option<string?>("--agent") { Description = "In-process agent: random (lower bound), oracle (upper bound) or neighbours (first-track neighbourhood probe)." };
        agent.AcceptOnlyFromAmong(Agents);
        var target = new Option<string?>("--target") { Description = "Recommender gRPC address to drive, e.g. http://localhost:5000." };
        var deadline = new Option<int>("--deadline-ms") { Description = "Remote only: deadline of each call in milliseconds.", DefaultValueFactory = _ => 1000 };
        var output = new Option<FileInfo?>("--out") { Description = "Write one JSON line per session (episode, user, treatment, time, steps, errors)." };
        var json = new Option<FileInfo?>("--json") { Description = "Write the summary as JSON for scripts." };
        var maxErrorRate = new Option<double>("--max-error-rate") { Description = "Exit with 1 when the share of failed calls exceeds this.", DefaultValueFactory = _ => 0.01 };
        var maxSteps = new Option<int>("--max-steps") { Description = "Step cap per session (a heard share rounding to 1.00 never spends budget).", DefaultValueFactory = _ => 1_000 };
        var noProgress = new Option<bool>("--no-progress") { Description = "Do not show the progress bar." };
        var command = new Command("run", "Plays sessions against an in-process agent (--agent) or a recommender over gRPC (--target) and prints the summary per treatment.")
        {
            world, episodes, seed, concurrency, rate, agent, target, deadline, output, json, maxErrorRate, maxSteps, noProgress,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var agentName = parse.GetValue(agent);
            var targetText = parse.GetValue(target);
            Uri? targetUri = null;
            if (targetText is not null
                && !(Uri.TryCreate(targetText, UriKind.Absolute, out targetUri) && targetUri.Scheme is "http" or "https"))
            {
                throw new UsageException($"run: --target must be an http:// or https:// address, not '{targetText}'");
            }

            if ((agentName is null) == (targetUri is null))
            {
                throw new UsageException("run: give exactly one of --agent and --target");
            }

            var count = parse.GetValue(episodes);
            var steps = parse.GetValue(maxSteps);
            var errorLimit = parse.GetValue(maxErrorRate);
            if (count < 0 || steps < 1 || errorLimit is < 0 or > 1 || parse.GetValue(concurrency) is < 1 || parse.GetValue(deadline) < 1)
            {
                throw new UsageException("run: --episodes must be >= 0, --max-steps >= 1, --concurrency >= 1, --deadline-ms >= 1, --max-error-rate in 0..1");
            }

            var loaded = World.Load(parse.GetValue(world)!.FullName);
            var runSeed = parse.GetValue(seed);
            var show = !parse.GetValue(noProgress);
            RunSummary summary;
            IReadOnlyList<SessionRecord> sessions;
            if (agentName is not null)
            {
                IAgent chosen = agentName switch
                {
                    "oracle" => new OracleAgent(loaded),
                    "neighbours" => new NeighbourAgent(loaded),
                    _ => new RandomAgent(loaded.Catalog.Count),
                };
                var runner = new SessionRunner(loaded, new SessionRunnerOptions
                {
                    Seed = runSeed,
                    Concurrency = parse.GetValue(concurrency) ?? Environment.ProcessorCount,
                    MaxSteps = steps,
                });
                var result = await RunProgress.TrackAsync(console, show, $"agent {agentName}", count, progress =>
                    Task.Run(() => runner.Run(chosen, count, progress, cancellationToken), cancellationToken)).ConfigureAwait(false);
                sessions = result.Sessions;
                summary = RunSummary.Build($"agent:{agentName}", runSeed, sessions, result.Elapsed);
                console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"set-up (first-track neighbourhoods): {result.SetUp.TotalSeconds:F2} s"));
            }
            else
            {
                if (parse.GetValue(rate) is { } r && !(r > 0))
                {
                    throw new UsageException("run: --rate must be positive");
                }

                using var driver = new RemoteDriver(loaded, new RemoteDriverOptions
                {
                    Target = targetUri!,
                    Seed = runSeed,
                    Concurrency = parse.GetValue(concurrency) ?? 16,
                    Rate = parse.GetValue(rate),
                    Deadline = TimeSpan.FromMilliseconds(parse.GetValue(deadline)),
                    MaxSteps = steps,
                });
                var result = await RunProgress.TrackAsync(console, show, $"target {targetUri}", count, progress =>
                    driver.RunAsync(count, progress, cancellationToken)).ConfigureAwait(false);
                sessions = result.Sessions;
                summary = RunSummary.Build(targetUri!.ToString(), runSeed, sessions, result.Elapsed, result.Latency);
            }

            SummaryTable.Write(console, summary);
            if (parse.GetValue(output) is { } outFile)
            {
                ReportFiles.WriteSessions(outFile.FullName, sessions);
            }

            if (parse.GetValue(json) is { } jsonFile)
            {
                ReportFiles.WriteSummary(jsonFile.FullName, summary);
            }

            if (summary.ErrorRate > errorLimit)
            {
                await Console.Error.WriteLineAsync(string.Create(
                    CultureInfo.InvariantCulture,
                    $"Botify.Sim: {summary.ErrorRate:P2} of calls failed, above --max-error-rate {errorLimit:P2}")).ConfigureAwait(false);
                return SimCli.Failure;
            }

            return SimCli.Success;
        });
        return command;
    }
}
