using System.Diagnostics;
using Grpc.Core;
using Microsoft.Extensions.Options;

namespace Botify.Api.IndexClient;

/// <summary>
/// Warms the index client on start: connects the channel and sends searches until one is answered, so the
/// first real calls pay neither the connection nor the JIT of the client's path, then ends the warm-up in
/// <see cref="IndexConnectionState"/> (readiness waits for it). It gives up after
/// <see cref="IndexClientOptions.ReadyTimeout"/>: the API is ready anyway and falls back until the index
/// answers; at once if the index is the wrong one. Either way one line is logged. A search answered NOT_FOUND or FAILED_PRECONDITION (cold track, no
/// model yet) counts: the index is there and speaks our protocol.
/// <para>
/// The warm-up's calls run under an unsampled trace, so a tracer (here or in the index) records none of them.
/// </para>
/// </summary>
internal sealed class IndexWarmUp(IIndexSearch search, IndexConnectionState connection, IOptions<IndexClientOptions> options, TimeProvider time, ILogger<IndexWarmUp> logger)
    : BackgroundService
{
    /// <summary>Pause between failed probes; the channel's own reconnect backoff paces the connection.</summary>
    internal static readonly TimeSpan ProbePause = TimeSpan.FromMilliseconds(200);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (search is not ResilientIndexSearch index)
        {
            // A search of the host's own (tests): no channel to warm.
            connection.WarmUpEnded(warm: true);
            return;
        }

        var settings = options.Value;
        var started = time.GetTimestamp();
        using var timeout = new CancellationTokenSource(settings.ReadyTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, timeout.Token);
        using var unsampled = new Activity("botify.index.warm_up");
        unsampled.SetParentId(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.None);
        unsampled.Start();
        var query = new IndexQuery(Context: 0, User: null, K: 1, Exclude: []);
        var fault = "no answer";
        var warm = false;
        var wrong = false;
        while (!warm && !wrong && !linked.IsCancellationRequested)
        {
            try
            {
                await index.ProbeAsync(query, linked.Token).ConfigureAwait(false);
                warm = true;
            }
            catch (RpcException e) when (e.StatusCode is StatusCode.NotFound or StatusCode.FailedPrecondition or StatusCode.InvalidArgument)
            {
                warm = true;
            }
            catch (OperationCanceledException) when (linked.IsCancellationRequested)
            {
            }
            catch (Exception e)
            {
                fault = e is RpcException rpc ? $"{rpc.StatusCode}: {rpc.Status.Detail}" : e.Message;
                // A wrong index (HTTP/1.1 only, no TrackIndex service) will not answer in the next seconds.
                wrong = IndexConnectionState.ErrorType(e) is not null;
                if (wrong)
                {
                    break;
                }

                try
                {
                    await Task.Delay(ProbePause, time, linked.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                }
            }
        }

        try
        {
            if (warm)
            {
                // Once through the search pipeline as well, so its strategies are compiled before the first listener.
                await index.SearchAsync(query, stoppingToken).ConfigureAwait(false);
                var elapsed = (long)time.GetElapsedTime(started).TotalMilliseconds;
                IndexClientLog.WarmedUp(logger, connection.Address, elapsed);
            }
            else if (wrong)
            {
                IndexClientLog.WarmUpFoundWrongIndex(logger, connection.Address, fault);
            }
            else if (!stoppingToken.IsCancellationRequested)
            {
                IndexClientLog.WarmUpTimedOut(logger, connection.Address, settings.ReadyTimeout.TotalSeconds, fault);
            }
        }
        finally
        {
            connection.WarmUpEnded(warm);
        }
    }
}
