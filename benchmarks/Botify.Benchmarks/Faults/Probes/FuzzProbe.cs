using System.Collections.Concurrent;
using System.Text;
using Botify.Benchmarks.Faults.Fuzz;
using Botify.Protos.V1;
using Grpc.Core;
using Grpc.Net.Client;

namespace Botify.Benchmarks.Faults.Probes;

/// <summary>
/// Malformed and valid requests against the API's gRPC and JSON endpoints and the index's gRPC, under the steady
/// load: outcomes counted by status, UNKNOWN / INTERNAL / HTTP 5xx / a dropped connection counted as failures,
/// then one valid call to each endpoint to show the services still answer.
/// </summary>
internal static class FuzzProbe
{
    public const string Name = "fuzz";
    public const string Target = "0 UNKNOWN/INTERNAL/500; services answer a valid call afterwards";
    private const int Parallelism = 8;

    public static async Task<ProbeResult> RunAsync(ServiceStack stack, IndexEndpoints index, ApiEndpoints api, FaultSuiteOptions options)
    {
        var random = new Random(options.Seed);
        var grpc = new GrpcCorpus(random, stack.Tracks);
        var json = new JsonCorpus(random, stack.Tracks);
        var requests = Enumerable.Range(0, options.FuzzRequests).Select(_ => random.Next(100) switch
        {
            < 45 => grpc.Next(toIndex: false),
            < 75 => json.Next(),
            _ => grpc.Next(toIndex: true),
        }).ToList();

        var outcomes = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        var failedExamples = new ConcurrentQueue<string>();
        using var sender = new FuzzSender();
        await using var load = new SteadyLoad(api.GrpcUrl, options.Rate, stack.Tracks, ServiceStack.Listeners, options.Seed + 4);
        load.Start();
        var started = FaultClock.Now;
        await Parallel.ForEachAsync(requests, new ParallelOptions { MaxDegreeOfParallelism = Parallelism }, async (request, _) =>
        {
            var baseUrl = request.Target switch { "api-grpc" => api.GrpcUrl, "api-json" => api.HttpUrl, _ => index.GrpcUrl };
            var outcome = await sender.SendAsync(baseUrl, request).ConfigureAwait(false);
            outcomes.AddOrUpdate($"{request.Target}: {outcome}", 1, (_, count) => count + 1);
            if (FuzzSender.IsFailure(outcome) && failedExamples.Count < 20)
            {
                failedExamples.Enqueue($"{request.Target} {request.Path} {request.Mutation} -> {outcome}");
            }
        }).ConfigureAwait(false);
        var fuzzSeconds = FaultClock.Now - started;
        var records = await load.StopAsync().ConfigureAwait(false);

        var survival = await SurvivalAsync(stack, index, api).ConfigureAwait(false);
        var failures = outcomes.Where(pair => FuzzSender.IsFailure(pair.Key[(pair.Key.IndexOf(": ", StringComparison.Ordinal) + 2)..]))
            .ToDictionary(pair => pair.Key, pair => pair.Value, StringComparer.Ordinal);
        foreach (var (status, count) in LoadWindow.FailuresByStatus(records))
        {
            failures["load: " + status] = count;
        }

        var notes = new List<string>(survival);
        notes.AddRange(failedExamples.Take(5).Select(example => "e.g. " + example));
        var measures = outcomes.OrderBy(pair => pair.Key, StringComparer.Ordinal).ToDictionary(pair => "outcome " + pair.Key, pair => (double)pair.Value);
        measures["fuzz_seconds"] = fuzzSeconds;
        measures["load_calls"] = records.Count;
        return new ProbeResult(Name, options.FuzzRequests + records.Count, failures, null, null, null, Target,
            failures.Count == 0 && survival.Count == 0 ? ProbeVerdict.Met : ProbeVerdict.Missed,
            notes.Count == 0 ? null : string.Join("; ", notes), measures);
    }

    /// <summary>One valid call to each endpoint; returns what did not answer.</summary>
    private static async Task<List<string>> SurvivalAsync(ServiceStack stack, IndexEndpoints index, ApiEndpoints api)
    {
        var dead = new List<string>();
        try
        {
            using var channel = GrpcChannel.ForAddress(api.GrpcUrl);
            await new Recommender.RecommenderClient(channel).NextAsync(new NextRequest { User = 1, Track = 1, Time = 0.5f }, deadline: DateTime.UtcNow.AddSeconds(5)).ConfigureAwait(false);
        }
        catch (RpcException e)
        {
            dead.Add($"API gRPC Next after the fuzz: {e.StatusCode}");
        }

        try
        {
            using var channel = GrpcChannel.ForAddress(index.GrpcUrl);
            await IndexWire.CallAsync(channel.CreateCallInvoker(), "Search", IndexWire.Search(1, null, 10), TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        }
        catch (RpcException e)
        {
            dead.Add($"index gRPC Search after the fuzz: {e.StatusCode}");
        }

        try
        {
            using var body = new StringContent("{\"track\": 1, \"time\": 0.5}", Encoding.UTF8, "application/json");
            using var response = await stack.Http.PostAsync(new Uri(api.HttpUrl + "/next/1"), body).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                dead.Add($"API JSON /next after the fuzz: http {(int)response.StatusCode}");
            }
        }
        catch (HttpRequestException e)
        {
            dead.Add($"API JSON /next after the fuzz: {e.Message}");
        }

        return dead;
    }
}
