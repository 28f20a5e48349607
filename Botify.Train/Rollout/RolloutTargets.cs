using System.Net;
using System.Net.Sockets;

namespace Botify.Train.Rollout;

/// <summary>
/// Which replicas a roll-out visits: an explicit list in the order given, or every address a headless
/// Kubernetes Service resolves to, sorted so a re-run visits them in the same order.
/// </summary>
internal static class RolloutTargets
{
    /// <summary>Parses <c>host:port</c> values, each possibly a comma-separated list; a duplicate is refused.</summary>
    /// <exception cref="RolloutUsageException">A value does not parse or is listed twice; the message names the option and the value.</exception>
    public static IReadOnlyList<ReplicaAddress> ParseList(IEnumerable<string> values, string option)
    {
        var replicas = new List<ReplicaAddress>();
        foreach (var entry in values.SelectMany(v => v.Split(',')))
        {
            if (!ReplicaAddress.TryParse(entry, out var replica, out var error))
            {
                throw new RolloutUsageException($"{option} '{entry.Trim()}': {error}");
            }

            if (replicas.Contains(replica))
            {
                throw new RolloutUsageException($"{option} '{replica}': listed twice");
            }

            replicas.Add(replica);
        }

        return replicas.Count > 0 ? replicas : throw new RolloutUsageException($"{option}: no replica given");
    }

    /// <summary>Parses a Service as <c>name:port</c> (the port is the index's gRPC port on every pod).</summary>
    /// <exception cref="RolloutUsageException">The value does not parse; the message names the option and the value.</exception>
    public static ReplicaAddress ParseService(string value, string option) =>
        ReplicaAddress.TryParse(value, out var service, out var error) ? service : throw new RolloutUsageException($"{option} '{value.Trim()}': {error}");

    /// <summary>
    /// Every address <paramref name="service"/>'s name resolves to (a headless Service answers with one per
    /// ready pod), at the Service's port, IPv4 before IPv6 and each family in byte order.
    /// </summary>
    /// <param name="service">The Service's name and the index's gRPC port.</param>
    /// <param name="lookup">The resolver; <see cref="Dns.GetHostAddressesAsync(string, CancellationToken)"/> outside tests.</param>
    /// <param name="cancellationToken">Cancels the lookup.</param>
    /// <exception cref="ReplicaDiscoveryException">The name does not resolve or resolves to nothing; the message names it.</exception>
    public static async Task<IReadOnlyList<ReplicaAddress>> ResolveServiceAsync(
        ReplicaAddress service, Func<string, CancellationToken, Task<IPAddress[]>> lookup, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(lookup);
        IPAddress[] addresses;
        try
        {
            addresses = await lookup(service.Host, cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException e)
        {
            throw new ReplicaDiscoveryException($"Service {service}: DNS lookup of '{service.Host}' failed ({e.SocketErrorCode}: {e.Message})", e);
        }

        var replicas = addresses
            .Select(a => a.IsIPv4MappedToIPv6 ? a.MapToIPv4() : a)
            .Distinct()
            .Order(AddressOrder.Instance)
            .Select(a => new ReplicaAddress(a.ToString(), service.Port))
            .ToList();
        return replicas.Count > 0
            ? replicas
            : throw new ReplicaDiscoveryException($"Service {service}: DNS returned no address for '{service.Host}' (no ready index pod, or not a headless Service)");
    }

    private sealed class AddressOrder : IComparer<IPAddress>
    {
        public static readonly AddressOrder Instance = new();

        public int Compare(IPAddress? x, IPAddress? y)
        {
            ArgumentNullException.ThrowIfNull(x);
            ArgumentNullException.ThrowIfNull(y);
            var family = x.AddressFamily.CompareTo(y.AddressFamily);
            if (family != 0)
            {
                return family;
            }

            var bytes = x.GetAddressBytes().AsSpan().SequenceCompareTo(y.GetAddressBytes());
            // ScopeId throws for IPv4; only link-local IPv6 addresses differ by it.
            return bytes != 0 || x.AddressFamily != AddressFamily.InterNetworkV6 ? bytes : x.ScopeId.CompareTo(y.ScopeId);
        }
    }
}
