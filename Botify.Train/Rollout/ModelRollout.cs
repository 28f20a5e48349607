using System.Globalization;
using Botify.Protos.V1;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;

namespace Botify.Train.Rollout;

/// <summary>
/// Rolls a model bundle to index replicas one at a time. On each, in this order: <c>GetInfo</c> (one already
/// serving the expected version only has its readiness checked), <c>Reload</c>, <c>GetInfo</c> must report
/// the expected version, and the health service must answer SERVING within <see cref="RolloutOptions.ReadyTimeout"/>.
/// The first failure stops the roll-out: the replicas after it are not called and keep the old model, and
/// the first replica is the canary for a bundle every index would refuse. See docs/operations/index-admin.md.
/// </summary>
internal sealed class ModelRollout
{
    private const string None = "(none)";

    private readonly RolloutOptions _options;
    private readonly TimeProvider _time;
    private readonly Action<ReplicaResult>? _replicaDone;
    private readonly Metadata? _adminHeaders;

    /// <param name="options">What to load and expect; validated here.</param>
    /// <param name="time">The clock of the report's timestamps and of the readiness polling.</param>
    /// <param name="replicaDone">Called with each replica's result as soon as it is known, before the next replica is called.</param>
    public ModelRollout(RolloutOptions options, TimeProvider time, Action<ReplicaResult>? replicaDone = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        options.Validate();
        _options = options;
        _time = time;
        _replicaDone = replicaDone;
        _adminHeaders = options.AdminToken is { Length: > 0 } token ? new Metadata { { "authorization", "Bearer " + token } } : null;
    }

    /// <summary>Visits <paramref name="replicas"/> in order; never throws for a replica's failure, which its line reports.</summary>
    public async Task<RolloutReport> RunAsync(IReadOnlyList<ReplicaAddress> replicas, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(replicas);
        var results = new List<ReplicaResult>(replicas.Count);
        var stopped = false;
        foreach (var replica in replicas)
        {
            ReplicaResult result;
            if (stopped)
            {
                var now = _time.GetUtcNow();
                result = new ReplicaResult(replica, null, null, ReplicaOutcome.NotTouched, now, now, TimeSpan.Zero, null);
            }
            else
            {
                result = await RollAsync(replica, cancellationToken).ConfigureAwait(false);
                stopped = result.Outcome == ReplicaOutcome.Failed;
            }

            results.Add(result);
            _replicaDone?.Invoke(result);
        }

        return new RolloutReport(_options.ExpectedVersion, _options.ReloadPath, results);
    }

    private async Task<ReplicaResult> RollAsync(ReplicaAddress replica, CancellationToken cancellationToken)
    {
        var startedAt = _time.GetUtcNow();
        var started = _time.GetTimestamp();
        string? oldVersion = null;
        string? newVersion = null;
        ReplicaResult Done(ReplicaOutcome outcome, string? error = null) =>
            new(replica, oldVersion, newVersion, outcome, startedAt, _time.GetUtcNow(), _time.GetElapsedTime(started), error is null ? null : $"{replica}: {error}");

        using var channel = GrpcChannel.ForAddress(replica.GrpcUri);
        var index = new TrackIndex.TrackIndexClient(channel);
        var health = new Health.HealthClient(channel);
        var expected = _options.ExpectedVersion;

        IndexInfo before;
        try
        {
            before = await index.GetInfoAsync(new GetInfoRequest(), deadline: Deadline(_options.CallTimeout), cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (RpcException e) when (e.StatusCode != StatusCode.Cancelled || !cancellationToken.IsCancellationRequested)
        {
            return Done(ReplicaOutcome.Failed, e.StatusCode == StatusCode.Unavailable
                ? $"not reachable, so not reloaded (GetInfo: {RpcStatusText.Describe(e)})"
                : $"GetInfo failed before the reload ({RpcStatusText.Describe(e)})");
        }

        oldVersion = newVersion = VersionOf(before);
        if (before.Loaded && string.Equals(before.ModelVersion, expected, StringComparison.Ordinal))
        {
            var stillReady = await WaitServingAsync(health, cancellationToken).ConfigureAwait(false);
            return stillReady is null ? Done(ReplicaOutcome.AlreadyServing) : Done(ReplicaOutcome.Failed, $"serves {expected} already but is {stillReady}");
        }

        try
        {
            await index.ReloadAsync(new ReloadRequest { BundlePath = _options.ReloadPath }, _adminHeaders, Deadline(_options.ReloadTimeout), cancellationToken).ConfigureAwait(false);
        }
        catch (RpcException e) when (e.StatusCode != StatusCode.Cancelled || !cancellationToken.IsCancellationRequested)
        {
            return Done(ReplicaOutcome.Failed, ReloadRefused(e));
        }

        IndexInfo after;
        try
        {
            after = await index.GetInfoAsync(new GetInfoRequest(), deadline: Deadline(_options.CallTimeout), cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (RpcException e) when (e.StatusCode != StatusCode.Cancelled || !cancellationToken.IsCancellationRequested)
        {
            newVersion = null;
            return Done(ReplicaOutcome.Failed, $"GetInfo failed after the reload ({RpcStatusText.Describe(e)})");
        }

        newVersion = VersionOf(after);
        if (!after.Loaded || !string.Equals(after.ModelVersion, expected, StringComparison.Ordinal))
        {
            return Done(ReplicaOutcome.Failed, $"GetInfo reports model {newVersion} after the reload, expected {expected} (bundle_path '{_options.ReloadPath}' may be another bundle as the index sees it)");
        }

        var notReady = await WaitServingAsync(health, cancellationToken).ConfigureAwait(false);
        return notReady is null ? Done(ReplicaOutcome.Rolled) : Done(ReplicaOutcome.Failed, $"serves {expected} but is {notReady}");
    }

    /// <summary>Null once health answers SERVING; otherwise, after <see cref="RolloutOptions.ReadyTimeout"/>, what it last answered.</summary>
    private async Task<string?> WaitServingAsync(Health.HealthClient health, CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        while (true)
        {
            string last;
            try
            {
                var reply = await health.CheckAsync(new HealthCheckRequest(), deadline: Deadline(_options.CallTimeout), cancellationToken: cancellationToken).ConfigureAwait(false);
                if (reply.Status == HealthCheckResponse.Types.ServingStatus.Serving)
                {
                    return null;
                }

                last = $"health answers {RpcStatusText.Name(reply.Status.ToString())}";
            }
            catch (RpcException e) when (e.StatusCode != StatusCode.Cancelled || !cancellationToken.IsCancellationRequested)
            {
                last = $"health check failed ({RpcStatusText.Describe(e)})";
            }

            if (_time.GetElapsedTime(started) + _options.ReadyPollInterval > _options.ReadyTimeout)
            {
                return string.Create(CultureInfo.InvariantCulture, $"not ready after {_options.ReadyTimeout.TotalSeconds:0.#} s: {last}");
            }

            await Task.Delay(_options.ReadyPollInterval, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    private string ReloadRefused(RpcException e) => e.StatusCode switch
    {
        StatusCode.Unauthenticated when _adminHeaders is null =>
            $"Reload refused: the index requires an admin token and none was sent ({RpcStatusText.Describe(e)})",
        StatusCode.Unauthenticated => $"Reload refused the authorization header ({RpcStatusText.Describe(e)})",
        StatusCode.PermissionDenied => $"Reload refused: the admin token is not this index's Index:AdminToken ({RpcStatusText.Describe(e)})",
        StatusCode.FailedPrecondition => $"Reload of '{_options.ReloadPath}' refused; the replica keeps its old model ({RpcStatusText.Describe(e)})",
        StatusCode.DeadlineExceeded => string.Create(CultureInfo.InvariantCulture,
            $"Reload did not answer within {_options.ReloadTimeout.TotalSeconds:0.#} s ({RpcStatusText.Describe(e)})"),
        StatusCode.Unavailable => $"not reachable for Reload ({RpcStatusText.Describe(e)})",
        _ => $"Reload failed ({RpcStatusText.Describe(e)})",
    };

    // gRPC compares deadlines with the system clock, so they come from the real time even when the report's clock is another.
    private static DateTime Deadline(TimeSpan timeout) => TimeProvider.System.GetUtcNow().UtcDateTime + timeout;

    private static string VersionOf(IndexInfo info) => info.Loaded ? info.ModelVersion : None;
}
