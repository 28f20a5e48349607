using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Botify.Protos.V1;
using Grpc.Core;
using Grpc.Net.Client;

namespace Botify.Deploy.Tests.Monitoring;

/// <summary>
/// A short, bounded load on a real Botify.Api: listeners who play sessions of a few tracks and end each with
/// <c>Last</c>, half through gRPC and half through the JSON API, each worker pausing between calls. Failed calls
/// are counted, not thrown: the test provokes outages and reads their effect in Prometheus.
/// </summary>
internal sealed class ListenerLoad : IAsyncDisposable
{
    private const int Workers = 4;
    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(4);
    private readonly CancellationTokenSource _stop = new();
    private readonly GrpcChannel _channel;
    private readonly HttpClient _http;
    private readonly Task[] _workers;
    private long _calls;
    private long _failures;

    public ListenerLoad(int grpcPort, int httpPort)
    {
        _channel = GrpcChannel.ForAddress(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{grpcPort}"));
        _http = new HttpClient { BaseAddress = new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{httpPort}")), Timeout = TimeSpan.FromSeconds(10) };
        _workers = [.. Enumerable.Range(0, Workers).Select(worker => Task.Run(() => ListenAsync(worker)))];
    }

    public long Calls => Interlocked.Read(ref _calls);

    public long Failures => Interlocked.Read(ref _failures);

    /// <summary>Sends requests the API refuses (a listener id below 0, a time above 1), so the refusal series exist.</summary>
    public async Task SendBadInputAsync()
    {
        var client = new Recommender.RecommenderClient(_channel);
        for (var i = 0; i < 3; i++)
        {
            try
            {
                await client.NextAsync(new NextRequest { User = -1, Track = 1, Time = 1 });
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.InvalidArgument)
            {
                // Refused, as wanted.
            }

            using var response = await _http.PostAsJsonAsync("/next/1", new { track = 1, time = 7 });
            Assert.That((int)response.StatusCode, Is.EqualTo(400), "a time above 1 is refused");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_workers);
        _stop.Dispose();
        _channel.Dispose();
        _http.Dispose();
    }

    private async Task ListenAsync(int worker)
    {
        var random = new Random(worker);
        var grpc = worker % 2 == 0 ? new Recommender.RecommenderClient(_channel) : null;
        for (var session = 0; !_stop.IsCancellationRequested; session++)
        {
            // A listener comes back every 40 sessions of its worker, so the memory arm has sessions to recall.
            var user = (worker * 1_000) + (session % 40);
            var track = await CallAsync(grpc, "next", user, random.Next(LiveStack.Tracks), 1.0);
            for (var play = random.Next(2, 8); play > 0 && track >= 0 && !_stop.IsCancellationRequested; play--)
            {
                track = await CallAsync(grpc, "next", user, track, Math.Round(random.NextDouble(), 2));
            }

            if (track >= 0)
            {
                await CallAsync(grpc, "last", user, track, Math.Round(random.NextDouble(), 2));
            }
        }
    }

    /// <summary>One call; the recommended track, or -1 for a Last or a failed call.</summary>
    private async Task<int> CallAsync(Recommender.RecommenderClient? grpc, string method, int user, int track, double time)
    {
        Interlocked.Increment(ref _calls);
        try
        {
            await Task.Delay(Pause, _stop.Token);
            if (grpc is not null)
            {
                if (method == "last")
                {
                    await grpc.LastAsync(new LastRequest { User = user, Track = track, Time = (float)time }, cancellationToken: _stop.Token);
                    return -1;
                }

                return (await grpc.NextAsync(new NextRequest { User = user, Track = track, Time = (float)time }, cancellationToken: _stop.Token)).Track;
            }

            using var response = await _http.PostAsJsonAsync(string.Create(CultureInfo.InvariantCulture, $"/{method}/{user}"), new { track, time }, _stop.Token);
            response.EnsureSuccessStatusCode();
            return method == "last" ? -1 : (await response.Content.ReadFromJsonAsync<JsonElement>(_stop.Token)).GetProperty("track").GetInt32();
        }
        catch (Exception e) when (e is RpcException or HttpRequestException or OperationCanceledException)
        {
            if (!_stop.IsCancellationRequested)
            {
                Interlocked.Increment(ref _failures);
            }

            return -1;
        }
    }
}
