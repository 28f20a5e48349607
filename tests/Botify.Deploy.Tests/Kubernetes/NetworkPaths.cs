using System.Globalization;
using k8s.Models;

namespace Botify.Deploy.Tests.Kubernetes;

/// <summary>
/// Whether the rendered NetworkPolicies let a pod reach another of the same namespace on a port, as Kubernetes reads
/// them: the source's egress and the target's ingress must both allow it, and a direction no policy selects a pod for
/// is open. A peer matches a pod of this namespace through its podSelector; a namespaceSelector with labels (another
/// namespace, such as monitoring) or an ipBlock does not.
/// </summary>
internal sealed class NetworkPaths(RenderedOverlay rendered)
{
    /// <summary>Whether <paramref name="from"/>'s pods may open a connection to <paramref name="to"/>'s on <paramref name="port"/>.</summary>
    public bool Allows(string from, string to, int port, string protocol = "TCP")
    {
        var source = Template(from);
        var target = Template(to);
        return Allowed(source, "Egress", p => (p.Spec.Egress ?? []).Select(r => ((IList<V1NetworkPolicyPort>?)r.Ports, (IList<V1NetworkPolicyPeer>?)r.To)), target, port, protocol)
            && Allowed(target, "Ingress", p => (p.Spec.Ingress ?? []).Select(r => ((IList<V1NetworkPolicyPort>?)r.Ports, (IList<V1NetworkPolicyPeer>?)r.FromProperty)), source, port, protocol);
    }

    /// <summary>Whether <paramref name="from"/>'s pods may reach any address on <paramref name="port"/> (a resolver, wherever it runs).</summary>
    public bool AllowsAnywhere(string from, int port, string protocol)
    {
        var policies = Selecting(Template(from), "Egress").ToList();
        return policies.Count == 0 || policies.SelectMany(p => p.Spec.Egress ?? [])
            .Any(rule => PortMatches(rule.Ports, null, port, protocol) && (rule.To is null || rule.To.Count == 0));
    }

    private bool Allowed(
        V1PodTemplateSpec pod,
        string direction,
        Func<V1NetworkPolicy, IEnumerable<(IList<V1NetworkPolicyPort>? Ports, IList<V1NetworkPolicyPeer>? Peers)>> rules,
        V1PodTemplateSpec other,
        int port,
        string protocol)
    {
        var policies = Selecting(pod, direction).ToList();
        var target = direction == "Ingress" ? pod : other;
        return policies.Count == 0 || policies.SelectMany(rules).Any(rule =>
            PortMatches(rule.Ports, target, port, protocol) && (rule.Peers is null || rule.Peers.Count == 0 || rule.Peers.Any(peer => PeerMatches(peer, other))));
    }

    private IEnumerable<V1NetworkPolicy> Selecting(V1PodTemplateSpec pod, string direction) =>
        rendered.NetworkPolicies.Where(p => Matches(p.Spec.PodSelector, pod) && (p.Spec.PolicyTypes ?? ["Ingress"]).Contains(direction));

    private static bool PortMatches(IList<V1NetworkPolicyPort>? ports, V1PodTemplateSpec? target, int port, string protocol) =>
        ports is null || ports.Count == 0 || ports.Any(p =>
            (p.Protocol ?? "TCP") == protocol
            && (p.Port is null || Number(p.Port.Value, target) is { } first && (p.EndPort is { } last ? first <= port && port <= last : first == port)));

    /// <summary>A policy port as a number: a named port is the target container's port of that name.</summary>
    private static int? Number(string port, V1PodTemplateSpec? target) =>
        int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            ? number
            : target?.Spec.Containers.SelectMany(c => c.Ports ?? []).FirstOrDefault(p => p.Name == port)?.ContainerPort;

    private static bool PeerMatches(V1NetworkPolicyPeer peer, V1PodTemplateSpec pod)
    {
        if (peer.IpBlock is not null)
        {
            return false;
        }

        if (peer.NamespaceSelector is { } namespaces && ((namespaces.MatchLabels?.Count ?? 0) > 0 || (namespaces.MatchExpressions?.Count ?? 0) > 0))
        {
            return false;
        }

        return peer.PodSelector is null || Matches(peer.PodSelector, pod);
    }

    private static bool Matches(V1LabelSelector selector, V1PodTemplateSpec pod)
    {
        Assert.That(selector.MatchExpressions ?? [], Is.Empty, "the policies select by labels only");
        var labels = pod.Metadata.Labels ?? new Dictionary<string, string>();
        return (selector.MatchLabels ?? new Dictionary<string, string>()).All(pair => labels.TryGetValue(pair.Key, out var value) && value == pair.Value);
    }

    private V1PodTemplateSpec Template(string owner)
    {
        var templates = rendered.PodTemplates.Where(t => t.Name == owner).Select(t => t.Template).ToList();
        Assert.That(templates, Has.Count.EqualTo(1), $"one workload or CronJob named {owner}");
        return templates[0];
    }
}
