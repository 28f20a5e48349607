using System.Net.Http;
using Botify.Protos.V1;
using Grpc.Core;
using Grpc.Net.Client;

namespace Botify.Benchmarks.Faults;

/// <summary>
/// Listeners 0..n−1 of the memory-restart probe, each with a first track of its own. A session is played as the
/// course's client plays it: <c>Next</c> on the first track heard in full, then on each reply's track heard
/// <see cref="LaterShares"/> (all liked), and <c>Last</c> on the final one. Listeners play side by side, each one's
/// calls in order, every call with the steady load's 1 s deadline.
/// </summary>
internal sealed class RememberingListeners
{
    /// <summary>Shares heard of the tracks after the first: the last is reported by <c>Last</c>. At least 0.8, above the 0.7 liked threshold.</summary>
    public static readonly float[] LaterShares = [0.9f, 0.8f, 0.95f];

    private const int SideBySide = 8;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(1);
    private readonly int[] _firstTracks;

    public RememberingListeners(int listeners, int tracks, int seed)
    {
        var random = new Random(seed);
        _firstTracks = [.. Enumerable.Range(0, listeners).Select(_ => random.Next(tracks))];
    }

    public int Count => _firstTracks.Length;

    /// <summary>
    /// Plays <paramref name="sessions"/> complete sessions per listener, each started on the listener's first
    /// track. The first call of every session after the first is tallied: the memory of the process serves it.
    /// A failed call ends that listener's playing.
    /// </summary>
    public Task<SessionTally> PlayAsync(string grpcUrl, int sessions) =>
        RunAsync(grpcUrl, async (client, user, first, tally) =>
        {
            for (var session = 0; session < sessions; session++)
            {
                var reply = await client.NextAsync(new NextRequest { User = user, Track = first, Time = 1f }, deadline: DateTime.UtcNow + Deadline).ConfigureAwait(false);
                tally.Call();
                if (session > 0)
                {
                    tally.FirstCall(reply.Source);
                }

                var track = reply.Track;
                for (var i = 0; i < LaterShares.Length - 1; i++)
                {
                    reply = await client.NextAsync(new NextRequest { User = user, Track = track, Time = LaterShares[i] }, deadline: DateTime.UtcNow + Deadline).ConfigureAwait(false);
                    tally.Call();
                    track = reply.Track;
                }

                await client.LastAsync(new LastRequest { User = user, Track = track, Time = LaterShares[^1] }, deadline: DateTime.UtcNow + Deadline).ConfigureAwait(false);
                tally.Call();
                tally.SessionPlayed();
            }
        });

    /// <summary>The first call of a new session per listener, on the same first track; its source is tallied.</summary>
    public Task<SessionTally> StartAsync(string grpcUrl) =>
        RunAsync(grpcUrl, async (client, user, first, tally) =>
        {
            var reply = await client.NextAsync(new NextRequest { User = user, Track = first, Time = 1f }, deadline: DateTime.UtcNow + Deadline).ConfigureAwait(false);
            tally.Call();
            tally.FirstCall(reply.Source);
        });

    private async Task<SessionTally> RunAsync(string grpcUrl, Func<Recommender.RecommenderClient, int, int, SessionTally, Task> listen)
    {
        using var channel = GrpcChannel.ForAddress(grpcUrl, new GrpcChannelOptions
        {
            HttpHandler = new SocketsHttpHandler { EnableMultipleHttp2Connections = true, ConnectTimeout = TimeSpan.FromSeconds(1) },
        });
        var client = new Recommender.RecommenderClient(channel);
        var tally = new SessionTally();
        await Parallel.ForEachAsync(Enumerable.Range(0, _firstTracks.Length), new ParallelOptions { MaxDegreeOfParallelism = SideBySide }, async (user, _) =>
        {
            try
            {
                await listen(client, user, _firstTracks[user], tally).ConfigureAwait(false);
            }
            catch (RpcException e)
            {
                tally.Call();
                tally.Failed(e.StatusCode);
            }
        }).ConfigureAwait(false);
        return tally;
    }
}
