using Botify.Protos.V1;
using Grpc.Core;
using Grpc.Net.Client;

namespace Botify.Lab.Loop;

/// <summary>
/// Warms the index and the API before an A/B day, so the day measures the model and not a cold
/// start: the first searches after a reload run unjitted code over untouched pages, time out, and
/// open the API's circuit breaker, which then serves the fallback for seconds (a fifth of a day's
/// calls in the first runs). First the index is searched directly until it answers; then the API
/// gets warm-up calls until its model arms answer from the model round after round. The API's calls
/// come from listeners outside the world (ids from <c>firstUser</c> up), so their events can be
/// moved out of the day's log (<see cref="WarmUpLog"/>); the whole is bounded by a time limit.
/// </summary>
internal sealed class ServiceWarmUp(TimeProvider time, TimeSpan limit)
{
    /// <summary>Index searches that must succeed; they also yield the warm-up calls' tracks.</summary>
    public const int IndexSearches = 64;

    /// <summary>Concurrent warm-up calls per round through the API.</summary>
    public const int RoundCalls = 64;

    /// <summary>At least this many calls go through the API, so its code paths are compiled.</summary>
    public const int MinimumApiCalls = 320;

    /// <summary>Consecutive rounds in which no judged model arm fell back.</summary>
    public const int CleanRounds = 3;

    private static readonly TimeSpan CallDeadline = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(50);

    private readonly long _start = time.GetTimestamp();
    private readonly List<int> _tracks = [];
    private int _searches;
    private int _cold;
    private bool _indexWarm;

    private bool Expired => time.GetElapsedTime(_start) >= limit;

    /// <summary>Searches the index for contexts 0, 1, 2, ... until <see cref="IndexSearches"/> succeed or the limit passes.</summary>
    public async Task WarmIndexAsync(Uri index, int tracks, CancellationToken cancellationToken)
    {
        using var channel = GrpcChannel.ForAddress(index);
        var client = new TrackIndex.TrackIndexClient(channel);
        var track = 0;
        while (_searches < IndexSearches && !Expired && track < tracks)
        {
            try
            {
                await client.SearchAsync(new SearchRequest { ContextTrack = track, K = 100 }, deadline: Deadline(), cancellationToken: cancellationToken).ResponseAsync.ConfigureAwait(false);
                _searches++;
                _tracks.Add(track);
                track++;
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.NotFound)
            {
                _cold++;
                track++;
            }
            catch (RpcException) when (!cancellationToken.IsCancellationRequested)
            {
                // Not serving yet (timeout, unavailable): ask again with the same track.
                await Task.Delay(Pause, time, cancellationToken).ConfigureAwait(false);
            }
        }

        _indexWarm = _searches >= IndexSearches || (track >= tracks && _searches > 0);
    }

    /// <summary>
    /// Sends rounds of <see cref="RoundCalls"/> warm-up sessions (a <c>Next</c>, then a <c>Last</c>)
    /// through the API until at least <see cref="MinimumApiCalls"/> went through and the last
    /// <see cref="CleanRounds"/> rounds had no fallback answer from a judged arm, or the limit passes.
    /// </summary>
    /// <param name="api">The API's gRPC address.</param>
    /// <param name="firstUser">First warm-up listener id: the world's listener count, so the warm-up's events are told apart.</param>
    /// <param name="judged">Treatments whose answers must come from the model (model arms that do not need the listener's vector: warm-up listeners are outside the model).</param>
    /// <param name="cancellationToken">Stops the warm-up.</param>
    public async Task<WarmUpResult> WarmApiAsync(Uri api, int firstUser, IReadOnlySet<string> judged, CancellationToken cancellationToken)
    {
        using var channel = GrpcChannel.ForAddress(api);
        var client = new Recommender.RecommenderClient(channel);
        List<int> tracks = _tracks.Count > 0 ? _tracks : [0];
        int calls = 0, fallbacks = 0, clean = 0, round = 0;
        while (!Expired && (calls < MinimumApiCalls || clean < CleanRounds))
        {
            var replies = await Task.WhenAll(Enumerable.Range(0, RoundCalls).Select(async i =>
            {
                // Rounds run one after another and every session ends with Last, so a round's listeners can be the next round's.
                var user = firstUser + i;
                var track = tracks[(round * RoundCalls + i) % tracks.Count];
                try
                {
                    var reply = await client.NextAsync(new NextRequest { User = user, Track = track, Time = 1f }, deadline: Deadline(), cancellationToken: cancellationToken).ResponseAsync.ConfigureAwait(false);
                    await client.LastAsync(new LastRequest { User = user, Track = reply.Track, Time = 0f }, deadline: Deadline(), cancellationToken: cancellationToken).ResponseAsync.ConfigureAwait(false);
                    return reply;
                }
                catch (RpcException) when (!cancellationToken.IsCancellationRequested)
                {
                    return null;
                }
            })).ConfigureAwait(false);
            round++;
            calls += replies.Length;
            var roundFallbacks = replies.Count(r => r is null || (judged.Contains(r.Treatment) && r.Source.StartsWith(Analysis.SourceShares.FallbackPrefix, StringComparison.Ordinal)));
            fallbacks += roundFallbacks;
            clean = roundFallbacks == 0 ? clean + 1 : 0;
        }

        var completed = _indexWarm && calls >= MinimumApiCalls && clean >= CleanRounds;
        return new WarmUpResult(completed, time.GetElapsedTime(_start), _searches, _cold, calls, fallbacks);
    }

    private DateTime Deadline() => time.GetUtcNow().UtcDateTime + CallDeadline;
}
