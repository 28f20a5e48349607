namespace Botify.Train.Rollout;

/// <summary>A roll-out as the command line asked for it, checked before anything is called.</summary>
/// <param name="Replicas">An explicit list of replicas, in the order given; null when <paramref name="Service"/> is set.</param>
/// <param name="Service">A headless Service whose addresses are resolved when the roll-out starts; null when <paramref name="Replicas"/> is set.</param>
/// <param name="AdminToken">The index's admin token, or null to send none.</param>
/// <param name="ReadyTimeout">Longest wait for health SERVING after a reload.</param>
/// <param name="ReloadTimeout">Deadline of one Reload.</param>
/// <param name="RelativeTo">The option and folder to send the bundle path relative to, or null.</param>
internal sealed record RolloutPlan(
    IReadOnlyList<ReplicaAddress>? Replicas,
    ReplicaAddress? Service,
    string? AdminToken,
    TimeSpan ReadyTimeout,
    TimeSpan ReloadTimeout,
    (string Option, string Root)? RelativeTo)
{
    /// <summary>The replicas to visit: the list, or the Service's addresses resolved now.</summary>
    /// <exception cref="ReplicaDiscoveryException">The Service resolves to nothing.</exception>
    public async Task<IReadOnlyList<ReplicaAddress>> ReplicasAsync(Func<string, CancellationToken, Task<System.Net.IPAddress[]>> lookup, CancellationToken cancellationToken) =>
        Replicas ?? await RolloutTargets.ResolveServiceAsync(Service!, lookup, cancellationToken).ConfigureAwait(false);

    /// <summary>Where the replicas come from, for the first line of output.</summary>
    public string DescribeTargets() => Service is { } service ? $"the pods of Service {service}" : string.Join(", ", Replicas!);
}
