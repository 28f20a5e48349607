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
/// One channel and one pipeline for the service's lifetime; the faults become failure reasons.
/// </summary>
internal sealed class ResilientIndexSearch : IIndexSearch, IDisposable
{
    /// <summary>The index accepts at most this many excluded ids (IndexOptions.MaxExclude).</summary>
    private const int MaxExclude = 10_000;

    private readonly GrpcChannel _channel;
    private readonly TrackIndex.TrackIndexClient _client;
    private readonly ResiliencePipeline _pipeline;

    public ResilientIndexSearch(IOptions<IndexClientOptions> options, TimeProvider time, ApiMetrics metrics)
    {
        var settings = options.Value;
        _channel = GrpcChannel.ForAddress(settings.Address, ChannelOptions(settings));
        _client = new TrackIndex.TrackIndexClient(_channel);
        _pipeline = IndexResiliencePipeline.Build(settings, time, metrics.SetCircuitState);
    }

    public async ValueTask<CandidateResult> SearchAsync(int context, int? user, int k, IReadOnlyCollection<int> exclude, CancellationToken cancellationToken)
    {
        var request = new SearchRequest { ContextTrack = context, K = k };
        if (user is { } listener)
        {
            request.User = listener;
        }

        request.Exclude.AddRange(exclude.Count <= MaxExclude ? exclude : exclude.Take(MaxExclude));
        try
        {
            var reply = await _pipeline.ExecuteAsync(
                static async (state, token) => await state.Client.SearchAsync(state.Request, cancellationToken: token).ConfigureAwait(false),
                (Client: _client, Request: request),
                cancellationToken).ConfigureAwait(false);
            var candidates = new Candidate[reply.Hits.Count];
            for (var i = 0; i < candidates.Length; i++)
            {
                candidates[i] = new Candidate(reply.Hits[i].Track, reply.Hits[i].Score);
            }

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
            HttpHandler = new SocketsHttpHandler { EnableMultipleHttp2Connections = true, PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan },
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

    public void Dispose() => _channel.Dispose();
}
