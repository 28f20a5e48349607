using System.Diagnostics.Metrics;
using Botify.Api.Sources;
using Botify.Api.Telemetry;
using Botify.Contracts;
using Botify.Protos.V1;
using Grpc.Core;
using Grpc.Net.Client;
using Grpc.Net.Client.Balancer;
using Grpc.Net.Client.Configuration;
using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace Botify.Api.IndexClient;

/// <summary>
/// The index's gRPC client behind the pipelines of <see cref="IndexResiliencePipeline"/>.
/// One channel, one search pipeline, one call breaker and one <see cref="IndexSearchBatcher"/> for the
/// service's lifetime: each search runs through the search pipeline on its own (its own timeouts and
/// retry), and its attempts reach the index through the batcher, which coalesces concurrent attempts into
/// <c>SearchBatch</c> calls and runs each call through the breaker (one failed call, one failure). The
/// faults become failure reasons; a wrong index's are also reported to <see cref="IndexConnectionState"/>.
/// </summary>
internal sealed class ResilientIndexSearch : IIndexSearch, IDisposable
{
    private readonly GrpcChannel _channel;
    private readonly IndexSearchBatcher _batcher;
    private readonly ResiliencePipeline<IndexAnswer> _pipeline;
    private readonly TrackIndex.TrackIndexClient _info;
    private readonly IndexConnectionState _connection;

    public ResilientIndexSearch(IOptions<IndexClientOptions> options, TimeProvider time, ApiMetrics metrics, IndexConnectionState connection, ILoggerFactory loggers, IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(metrics);
        var settings = options.Value;
        _connection = connection;
        // The channel's HTTP/2 requests are counted by System.Net.Http's meter on this host's factory (http.client.*).
        _channel = GrpcChannel.ForAddress(settings.Address, ChannelOptions(settings, meters));
        var telemetry = IndexResiliencePipeline.Telemetry(loggers);
        var breaker = IndexResiliencePipeline.BuildCallBreaker(settings, time, metrics.SetCircuitState, telemetry);
        _batcher = new IndexSearchBatcher(_channel.CreateCallInvoker(), settings.MaxBatchSize, settings.MaxConcurrentCalls, settings.AttemptTimeout, time, settings.BatchReprobeInterval, breaker, settings.MaxQueuedSearches);
        _pipeline = IndexResiliencePipeline.Build<IndexAnswer>(settings, time, telemetry);
        _info = new TrackIndex.TrackIndexClient(_channel);
    }

    public async ValueTask<CandidateResult> SearchAsync(IndexQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var request = Request(query);
        try
        {
            var answer = await _pipeline.ExecuteAsync(
                static (state, token) => new ValueTask<IndexAnswer>(state.Batcher.SearchAsync(state.Request, token)),
                (Batcher: _batcher, Request: request),
                cancellationToken).ConfigureAwait(false);
            _connection.Answered();
            return new CandidateResult(answer.Candidates, ModelVersion: answer.ModelVersion);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            Observe(e);
            return CandidateResult.Failed(Reason(e));
        }
    }

    /// <summary>
    /// One search straight through the batcher (and the call breaker), without the search pipeline's short
    /// timeouts: the warm-up's, whose first call pays the connection and the JIT. Throws the index's fault.
    /// </summary>
    public async Task<Candidate[]> ProbeAsync(IndexQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        try
        {
            var answer = await _batcher.SearchAsync(Request(query), cancellationToken).ConfigureAwait(false);
            _connection.Answered();
            return answer.Candidates;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Observe(e);
            throw;
        }
    }

    /// <summary>The version of the model the index serves (<c>GetInfo</c>); empty when none is loaded. Throws the call's fault.</summary>
    public async Task<string> ModelVersionAsync(CancellationToken cancellationToken)
    {
        var info = await _info.GetInfoAsync(new GetInfoRequest(), deadline: DateTime.UtcNow.AddSeconds(1), cancellationToken: cancellationToken).ConfigureAwait(false);
        return info.Loaded ? info.ModelVersion : string.Empty;
    }

    /// <summary>
    /// NOT_FOUND, FAILED_PRECONDITION and INVALID_ARGUMENT are the index's answers: it speaks our protocol.
    /// A refusal for a full queue says nothing of the index's health.
    /// </summary>
    private void Observe(Exception e)
    {
        if (e is IndexBusyException)
        {
            return;
        }

        if (e is RpcException { StatusCode: StatusCode.NotFound or StatusCode.FailedPrecondition or StatusCode.InvalidArgument })
        {
            _connection.Answered();
        }
        else
        {
            _connection.Failed(e);
        }
    }

    private static SearchRequest Request(IndexQuery query)
    {
        var request = new SearchRequest { ContextTrack = query.Context, K = query.K };
        if (query.User is { } listener)
        {
            request.User = listener;
        }

        var exclude = query.Exclude;
        request.Exclude.AddRange(exclude.Count <= IndexLimits.MaxExclude ? exclude : exclude.Take(IndexLimits.MaxExclude));
        if (query.Session is { } session)
        {
            request.SessionTracks.AddRange(session.Tracks);
            request.SessionWeights.AddRange(session.Weights);
        }

        return request;
    }

    /// <summary>
    /// The channel's options. A <c>dns:///</c> address gets client-side balancing: every resolved
    /// address is a subchannel and calls go round robin, re-resolved every <see cref="IndexClientOptions.DnsRefreshInterval"/>
    /// (a plain address keeps HTTP/2's one connection, so behind a ClusterIP all calls would go to one pod).
    /// </summary>
    internal static GrpcChannelOptions ChannelOptions(IndexClientOptions settings, IMeterFactory? meters = null)
    {
        var options = new GrpcChannelOptions
        {
            HttpHandler = new SocketsHttpHandler
            {
                MeterFactory = meters,
                EnableMultipleHttp2Connections = true,
                PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
                // A batch's reply (64 queries of 100 hits is about 60 KB) should not wait for a window update.
                InitialHttp2StreamWindowSize = 1 << 20,
            },
            ThrowOperationCanceledOnCancellation = true,
            InitialReconnectBackoff = settings.InitialReconnectBackoff,
            MaxReconnectBackoff = settings.MaxReconnectBackoff,
        };
        if (settings.Address.StartsWith("dns:", StringComparison.OrdinalIgnoreCase))
        {
            var services = new ServiceCollection();
            services.AddSingleton<ResolverFactory>(new DnsResolverFactory(settings.DnsRefreshInterval));
            options.ServiceProvider = services.BuildServiceProvider();
            // A dns: address names no scheme, so the channel must be told it is cleartext.
            options.Credentials = ChannelCredentials.Insecure;
            options.ServiceConfig = new ServiceConfig { LoadBalancingConfigs = { new RoundRobinConfig() } };
        }

        return options;
    }

    public static string Reason(Exception e) => e switch
    {
        BrokenCircuitException => FallbackReasons.CircuitOpen,
        IndexBusyException => FallbackReasons.IndexBusy,
        TimeoutRejectedException => FallbackReasons.Timeout,
        RpcException { StatusCode: StatusCode.NotFound } => FallbackReasons.NotFound,
        RpcException { StatusCode: StatusCode.FailedPrecondition } => FallbackReasons.NoModel,
        RpcException { StatusCode: StatusCode.InvalidArgument } => FallbackReasons.IndexRejected,
        _ => FallbackReasons.IndexUnavailable,
    };

    public void Dispose()
    {
        _batcher.Dispose();
        _channel.Dispose();
    }
}
