using Botify.Api.Recommenders;
using Botify.Api.Telemetry;
using Botify.Protos.V1;
using Grpc.Core;
using Grpc.Net.Client;
using Grpc.Net.Client.Balancer;
using Grpc.Net.Client.Configuration;
using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace Botify.Api.Resilience;

/// <summary>
/// The index's gRPC client behind the resilience pipeline of <see cref="IndexResiliencePipeline"/>.
/// One channel, one pipeline and one <see cref="IndexSearchBatcher"/> for the service's lifetime: each
/// search runs through the pipeline on its own (its own timeouts, retry, breaker accounting), and its
/// attempts reach the index through the batcher, which coalesces concurrent attempts into
/// <c>SearchBatch</c> calls. The faults become failure reasons.
/// </summary>
internal sealed class ResilientIndexSearch : IIndexSearch, IDisposable
{
    /// <summary>The index accepts at most this many excluded ids (IndexOptions.MaxExclude).</summary>
    private const int MaxExclude = 10_000;

    private readonly GrpcChannel _channel;
    private readonly IndexSearchBatcher _batcher;
    private readonly ResiliencePipeline<Candidate[]> _pipeline;

    public ResilientIndexSearch(IOptions<IndexClientOptions> options, TimeProvider time, ApiMetrics metrics)
    {
        var settings = options.Value;
        _channel = GrpcChannel.ForAddress(settings.Address, ChannelOptions(settings));
        _batcher = new IndexSearchBatcher(_channel.CreateCallInvoker(), settings.MaxBatchSize, settings.MaxConcurrentCalls, settings.AttemptTimeout, time, settings.BatchReprobeInterval);
        _pipeline = IndexResiliencePipeline.Build<Candidate[]>(settings, time, metrics.SetCircuitState);
    }

    public async ValueTask<CandidateResult> SearchAsync(IndexQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var request = new SearchRequest { ContextTrack = query.Context, K = query.K };
        if (query.User is { } listener)
        {
            request.User = listener;
        }

        var exclude = query.Exclude;
        request.Exclude.AddRange(exclude.Count <= MaxExclude ? exclude : exclude.Take(MaxExclude));
        if (query.Session is { } session)
        {
            request.SessionTracks.AddRange(session.Tracks);
            request.SessionWeights.AddRange(session.Weights);
        }

        try
        {
            var candidates = await _pipeline.ExecuteAsync(
                static (state, token) => new ValueTask<Candidate[]>(state.Batcher.SearchAsync(state.Request, token)),
                (Batcher: _batcher, Request: request),
                cancellationToken).ConfigureAwait(false);
            return new CandidateResult(candidates);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            return CandidateResult.Failed(Reason(e));
        }
    }

    /// <summary>
    /// The channel's options. A <c>dns:///</c> address gets client-side balancing: every resolved
    /// address is a subchannel and calls go round robin, re-resolved every <see cref="IndexClientOptions.DnsRefreshInterval"/>
    /// (a plain address keeps HTTP/2's one connection, so behind a ClusterIP all calls would go to one pod).
    /// </summary>
    internal static GrpcChannelOptions ChannelOptions(IndexClientOptions settings)
    {
        var options = new GrpcChannelOptions
        {
            HttpHandler = new SocketsHttpHandler
            {
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
        TimeoutRejectedException => FallbackReasons.Timeout,
        RpcException { StatusCode: StatusCode.NotFound } => FallbackReasons.NotFound,
        RpcException { StatusCode: StatusCode.FailedPrecondition } => FallbackReasons.NoModel,
        RpcException { StatusCode: StatusCode.InvalidArgument } => FallbackReasons.IndexRejected,
        _ => FallbackReasons.IndexUnavailable,
    };

    /// <summary>Index calls sent and the searches they carried (their ratio is the mean batch size).</summary>
    public (long Calls, long Searches) BatchStats => (_batcher.Batches, _batcher.BatchedSearches);

    public void Dispose()
    {
        _batcher.Dispose();
        _channel.Dispose();
    }
}
