using Botify.Api.Telemetry;
using Grpc.Core;
using Microsoft.Extensions.Options;

namespace Botify.Api.IndexClient;

/// <summary>
/// What the API knows about its index connection, for readiness (<see cref="IndexHealthCheck"/>): whether the
/// warm-up (<see cref="IndexWarmUp"/>) is done, and whether the index at the configured address is the wrong
/// one — it answers Search with UNIMPLEMENTED, or does not speak HTTP/2 gRPC at all (an HTTP/1.1-only port).
/// A wrong index is counted in <c>botify.api.index.protocol_errors</c> (by <c>error.type</c>) and logged as an
/// error naming the address at most once per <see cref="LogInterval"/>; any answer of the index clears it.
/// </summary>
internal sealed class IndexConnectionState
{
    /// <summary>error.type of a Search answered UNIMPLEMENTED: the service or method is not served there.</summary>
    public const string Unimplemented = "unimplemented";

    /// <summary>error.type of a call that failed at the HTTP layer in a way only a non-gRPC (e.g. HTTP/1.1-only) endpoint causes.</summary>
    public const string WrongProtocol = "wrong_protocol";

    /// <summary>At most one error line per minute about a wrong index.</summary>
    public static readonly TimeSpan LogInterval = TimeSpan.FromMinutes(1);

    private readonly ILogger<IndexConnectionState> _logger;
    private readonly ApiMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _gate = new();
    private DateTimeOffset _quietUntil = DateTimeOffset.MinValue;
    private long _suppressed;
    private volatile string? _wrongIndex;
    private volatile bool _warm;
    private volatile bool _answered;

    public IndexConnectionState(IOptions<IndexClientOptions> options, ApiMetrics metrics, TimeProvider time, ILogger<IndexConnectionState> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        Address = options.Value.Address;
        _metrics = metrics;
        _time = time;
        _logger = logger;
    }

    public string Address { get; }

    /// <summary>Completes when the warm-up ends: the index answered, or the ready timeout passed.</summary>
    public Task Ready => _ready.Task;

    /// <summary>True once the warm-up saw the index answer a search.</summary>
    public bool Warm => _warm;

    /// <summary>True once the index answered any search since start.</summary>
    public bool HasAnswered => _answered;

    /// <summary>Why the index looks wrong (error.type and fault), or null; cleared by its next answer.</summary>
    public string? WrongIndex => _wrongIndex;

    /// <summary>The index answered a search (hits or an answer status): it speaks our protocol. Cheap on the hot path.</summary>
    public void Answered()
    {
        if (!_answered)
        {
            _answered = true;
        }

        if (_wrongIndex is not null)
        {
            _wrongIndex = null;
        }
    }

    /// <summary>Looks at a search's failure; a wrong index's is counted, remembered for health and logged (rate-limited).</summary>
    public void Failed(Exception exception)
    {
        if (ErrorType(exception) is not { } errorType)
        {
            return;
        }

        var fault = exception is RpcException rpc ? $"{rpc.StatusCode}: {rpc.Status.Detail}" : exception.Message;
        _wrongIndex = $"{errorType}: {fault}";
        _metrics.IndexProtocolError(errorType);
        long suppressed;
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            if (now < _quietUntil)
            {
                _suppressed++;
                return;
            }

            _quietUntil = now + LogInterval;
            suppressed = _suppressed;
            _suppressed = 0;
        }

        IndexClientLog.WrongIndex(_logger, Address, errorType, fault, suppressed, LogInterval.TotalSeconds);
    }

    /// <summary>The warm-up ended; <paramref name="warm"/> says whether the index answered.</summary>
    public void WarmUpEnded(bool warm)
    {
        _warm = warm;
        _ready.TrySetResult();
    }

    /// <summary>The <c>error.type</c> of a failure only a wrong index causes, or null for any other fault (down, slow, cold).</summary>
    public static string? ErrorType(Exception exception)
    {
        if (exception is RpcException { StatusCode: StatusCode.Unimplemented })
        {
            return Unimplemented;
        }

        for (Exception? e = exception is RpcException rpc ? rpc.Status.DebugException : exception; e is not null; e = e.InnerException)
        {
            if (e is HttpProtocolException
                || e is HttpRequestException { HttpRequestError: HttpRequestError.HttpProtocolError or HttpRequestError.VersionNegotiationError or HttpRequestError.InvalidResponse })
            {
                return WrongProtocol;
            }
        }

        return null;
    }
}
