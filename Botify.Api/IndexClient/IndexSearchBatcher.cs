using System.Diagnostics;
using Botify.Protos.V1;
using Grpc.Core;
using Grpc.Net.Client;
using Polly;
using Polly.CircuitBreaker;

namespace Botify.Api.IndexClient;

/// <summary>
/// Coalesces concurrent index searches into <c>SearchBatch</c> calls, so a busy API pays the index's
/// per-call cost (HTTP/2 stream, headers, framing, two protobuf envelopes) once per batch rather than
/// once per listener.
/// <para>
/// A search that finds fewer than <see cref="IndexClientOptions.MaxConcurrentCalls"/> calls in flight
/// leaves at once, alone: an idle service adds no wait. Otherwise it queues, and as soon as a call
/// returns, the searches queued meanwhile leave together in the next call (at most
/// <see cref="IndexClientOptions.MaxBatchSize"/> of them, and about 1 MiB of request).
/// </para>
/// <para>
/// The queue is bounded (admission control): past <see cref="IndexClientOptions.MaxQueuedSearches"/> waiting
/// searches, a new one fails at once with <see cref="IndexBusyException"/>, so an index that is merely the
/// bottleneck costs a few answers from the cache or the fallback, not a pile of timeouts.
/// </para>
/// <para>
/// Each search keeps its own fate. Its cancellation (the resilience pipeline's attempt timeout, the
/// listener leaving) ends its wait at once, queued or in flight, and a search cancelled while queued
/// is never sent. A query the index refuses fails with its own status, the others in its batch are
/// answered; a call that fails as a whole fails each of its searches with the call's status, and each
/// search's own retry decides what happens next.
/// </para>
/// <para>
/// Every call — a <c>SearchBatch</c>, or a lone <c>Search</c> — runs through the call circuit breaker
/// (<see cref="IndexResiliencePipeline.BuildCallBreaker"/>), so a failed batch of 64 is one failure, not 64.
/// A search that gives up while queued made no call and counts nothing: a busy index is not a sick one. A
/// batch call is cancelled only by <see cref="Dispose"/>, never by its searches, so it ends with an answer or
/// its own DEADLINE_EXCEEDED, which counts once; a lone call that its caller cancels counts as a failure only
/// when it had already run its whole deadline. While the circuit is open, searches fail at once with
/// <see cref="BrokenCircuitException"/> and no call is made.
/// </para>
/// <para>
/// A search sent alone carries its caller's trace context in the call's header; in a batch of several,
/// each query carries its caller's in its own <c>traceparent</c> field. An index that does not know <c>SearchBatch</c> (UNIMPLEMENTED, an
/// older version) is asked with one <c>Search</c> per query from then on.
/// </para>
/// </summary>
internal sealed partial class IndexSearchBatcher : IDisposable
{
    /// <summary>Stop adding queries to a batch past about this many request bytes (the gRPC default limit is 4 MiB).</summary>
    internal const int MaxBatchBytes = 1 << 20;

    private readonly CallInvoker _invoker;
    private readonly TrackIndex.TrackIndexClient _client;
    private readonly int _maxBatchSize;
    private readonly int _maxConcurrentCalls;
    private readonly int _maxQueued;
    private readonly TimeSpan _callTimeout;
    private readonly Lock _gate = new();
    private readonly Queue<PendingSearch> _queue = new();
    private readonly CancellationTokenSource _disposed = new();
    private int _calls;
    private long _batches;
    private long _batchedSearches;
    private long _refused;
    private readonly TimeProvider _time;
    private readonly TimeSpan _reprobeInterval;
    private readonly ResiliencePipeline _breaker;

    // Timestamp (TimeProvider) until which SearchBatch is taken as missing; 0 = batching.
    private long _batchUnsupportedUntil;

    /// <param name="calls">Calls to the index (a channel's <see cref="GrpcChannel.CreateCallInvoker"/>).</param>
    /// <param name="maxBatchSize">Most queries in one call; 1 sends every search as its own <c>Search</c> call.</param>
    /// <param name="maxConcurrentCalls">Calls in flight before searches queue for a batch.</param>
    /// <param name="callTimeout">Deadline of one batch call; its searches' own timeouts are at most this long.</param>
    /// <param name="time">Clock of the deadlines and of the re-probe; the system's by default.</param>
    /// <param name="reprobeInterval">After an index answered SearchBatch with UNIMPLEMENTED, searches go one at a
    /// time for this long, then a batch is tried again (the index may have been upgraded). Default 30 s.</param>
    /// <param name="callBreaker">The circuit breaker every call runs through (<see cref="IndexResiliencePipeline.BuildCallBreaker"/>);
    /// none by default.</param>
    /// <param name="maxQueued">Searches that may wait for a call; past it a search fails at once with
    /// <see cref="IndexBusyException"/>. Unbounded by default.</param>
    public IndexSearchBatcher(CallInvoker calls, int maxBatchSize, int maxConcurrentCalls, TimeSpan callTimeout, TimeProvider? time = null, TimeSpan? reprobeInterval = null, ResiliencePipeline? callBreaker = null, int maxQueued = int.MaxValue)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxQueued, 1);
        _maxQueued = maxQueued;
        _time = time ?? TimeProvider.System;
        _reprobeInterval = reprobeInterval ?? TimeSpan.FromSeconds(30);
        _breaker = callBreaker ?? ResiliencePipeline.Empty;
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatchSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxConcurrentCalls, 1);
        _invoker = calls;
        _client = new TrackIndex.TrackIndexClient(calls);
        _maxBatchSize = maxBatchSize;
        _maxConcurrentCalls = maxConcurrentCalls;
        _callTimeout = callTimeout;
    }

    /// <summary>Calls sent (batches of one included) since start.</summary>
    public long Batches => Interlocked.Read(ref _batches);

    /// <summary>Searches those calls carried; divided by <see cref="Batches"/>, the mean batch size.</summary>
    public long BatchedSearches => Interlocked.Read(ref _batchedSearches);

    /// <summary>Searches refused because the queue was full (<see cref="IndexBusyException"/>).</summary>
    public long Refused => Interlocked.Read(ref _refused);

    /// <summary>
    /// The index's answer to <paramref name="request"/>: candidates best first, and the model's version. Throws
    /// <see cref="RpcException"/> with the status the index gave this query or its call, or
    /// <see cref="OperationCanceledException"/> when <paramref name="cancellationToken"/> fires first, or
    /// <see cref="IndexBusyException"/> at once when the queue is full.
    /// </summary>
    public Task<IndexAnswer> SearchAsync(SearchRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<IndexAnswer>(cancellationToken);
        }

        if (_maxBatchSize == 1 || BatchUnsupported())
        {
            return SearchAloneAsync(request, cancellationToken);
        }

        var pending = new PendingSearch(request, Activity.Current);
        // Before anyone else can see it, so a completion always finds its registration.
        pending.WatchCancellation(cancellationToken);
        bool sendNow;
        var queued = 0;
        lock (_gate)
        {
            sendNow = _calls < _maxConcurrentCalls;
            if (sendNow)
            {
                _calls++;
            }
            else if (_queue.Count < _maxQueued)
            {
                _queue.Enqueue(pending);
            }
            else
            {
                queued = _queue.Count;
            }
        }

        if (queued > 0)
        {
            Interlocked.Increment(ref _refused);
            pending.Fail(new IndexBusyException(queued));
        }
        else if (sendNow)
        {
            _ = RunAsync(pending);
        }

        return pending.Task;
    }

    public void Dispose()
    {
        _disposed.Cancel();
        _disposed.Dispose();
    }

    /// <summary>Sends <paramref name="first"/> alone, then batch after batch while searches are queued; gives its call slot back when none are.</summary>
    private async Task RunAsync(PendingSearch first)
    {
        var batch = new List<PendingSearch>(_maxBatchSize);
        if (!first.Task.IsCompleted)
        {
            batch.Add(first);
        }

        while (true)
        {
            if (batch.Count > 0)
            {
                await SendAsync(batch).ConfigureAwait(false);
                batch.Clear();
            }

            lock (_gate)
            {
                var bytes = 0;
                while (_queue.Count > 0 && batch.Count < _maxBatchSize && bytes < MaxBatchBytes)
                {
                    var next = _queue.Dequeue();
                    if (!next.Task.IsCompleted)
                    {
                        batch.Add(next);
                        bytes += 32 + (5 * next.Request.Exclude.Count) + (9 * next.Request.SessionTracks.Count);
                    }
                }

                if (batch.Count == 0)
                {
                    _calls--;
                    return;
                }
            }
        }
    }
    /// <summary>True while SearchBatch is taken as missing (after UNIMPLEMENTED, until the re-probe).</summary>
    private bool BatchUnsupported()
    {
        var until = Interlocked.Read(ref _batchUnsupportedUntil);
        return until != 0 && _time.GetTimestamp() < until;
    }

    private DateTime Deadline() => _time.GetUtcNow().UtcDateTime + _callTimeout;
}
