using System.Globalization;

namespace Botify.Deploy.Tests.Kubernetes;

/// <summary>
/// Each guarded pod admits its own clients only: the index the API and the trainer, Redis the API, NATS the API and
/// the trainer (and its own servers on the cluster port); metrics ports only from the monitoring namespace.
/// </summary>
[TestFixture("dev")]
[TestFixture("prod")]
public sealed class NetworkPolicyTests(string overlay)
{
    private const int NatsClientPort = 4222;
    private const int NatsClusterPort = 6222;
    private const int NatsMonitorPort = 8222;
    private const int NatsMetricsPort = 7777;
    private const int IndexGrpcPort = 5100;

    /// <summary>Per guarded workload: its metrics port (open to the monitoring namespace), and who may call it on each other port.</summary>
    private static readonly Dictionary<string, (int? Metrics, Dictionary<int, string[]> Clients)> Guarded = new(StringComparer.Ordinal)
    {
        ["botify-index"] = (5101, new() { [IndexGrpcPort] = ["botify-api", "botify-train"] }),
        ["botify-redis"] = (null, new() { [6379] = ["botify-api"] }),
        ["botify-nats"] = (NatsMetricsPort, new() { [NatsClientPort] = ["botify-api", "botify-train"], [NatsClusterPort] = ["botify-nats"] }),
    };

    private RenderedOverlay Rendered => RenderedOverlay.Get(overlay);

    private NetworkPaths Paths => new(Rendered);

    [Test]
    public void Policies_GuardedPods_AdmitOnlyTheirClients()
    {
        var present = Guarded.Where(g => Rendered.Workloads.Any(w => w.Name == g.Key)).ToList();
        Assert.That(present.Select(g => g.Key), Is.SupersetOf(new[] { "botify-index", "botify-nats" }));

        foreach (var (target, (metrics, clients)) in present)
        {
            var podLabels = Rendered.Workloads.Single(w => w.Name == target).Template.Metadata.Labels;
            var policies = Rendered.NetworkPolicies.Where(p => RenderedOverlay.Selects(p.Spec.PodSelector.MatchLabels, podLabels)).ToList();
            Assert.That(policies, Is.Not.Empty, $"{target} is selected by a policy (otherwise every pod reaches it)");
            var admitted = new Dictionary<int, HashSet<string>>();
            foreach (var policy in policies)
            {
                Assert.That(policy.Spec.PolicyTypes, Does.Contain("Ingress"));
                foreach (var rule in policy.Spec.Ingress ?? [])
                {
                    var ports = (rule.Ports ?? []).Select(p => int.Parse(p.Port.Value, CultureInfo.InvariantCulture)).ToList();
                    Assert.That(ports, Is.Not.Empty, $"{policy.Metadata.Name}: a rule names its ports");
                    Assert.That(rule.FromProperty, Is.Not.Null.And.Not.Empty, $"{policy.Metadata.Name}: a rule without 'from' admits everyone");
                    if (ports.All(p => p == metrics))
                    {
                        // The scrape port, from the monitoring namespace only.
                        Assert.That(rule.FromProperty.Select(p => p.NamespaceSelector?.MatchLabels?["botify.io/monitoring"]), Has.All.EqualTo("true"), $"{policy.Metadata.Name}: metrics from the monitoring namespace");
                        continue;
                    }

                    foreach (var peer in rule.FromProperty)
                    {
                        Assert.That(peer.IpBlock, Is.Null, $"{policy.Metadata.Name}: no address blocks");
                        Assert.That(peer.NamespaceSelector, Is.Null, $"{policy.Metadata.Name}: no other namespaces");
                        var selected = Rendered.PodTemplates.Where(t => RenderedOverlay.Selects(peer.PodSelector?.MatchLabels, t.Template.Metadata.Labels)).Select(t => t.Name).ToList();
                        Assert.That(selected, Has.Count.EqualTo(1), $"{policy.Metadata.Name}: a peer selects one workload's pods");
                        foreach (var port in ports)
                        {
                            (admitted.TryGetValue(port, out var names) ? names : admitted[port] = new HashSet<string>(StringComparer.Ordinal)).UnionWith(selected);
                        }
                    }
                }
            }

            Assert.That(admitted.Keys, Is.EquivalentTo(clients.Keys), $"{target}: the ports open to pods of this namespace");
            foreach (var (port, expected) in clients)
            {
                Assert.That(admitted[port], Is.EquivalentTo(expected), $"{target}: who may connect on {port}");
            }
        }
    }

    [Test]
    public void Policies_Index_HasNoEgress()
    {
        var policy = Rendered.NetworkPolicies.Single(p => p.Metadata.Name == "botify-index");

        Assert.That(policy.Spec.PolicyTypes, Does.Contain("Egress"));
        Assert.That(policy.Spec.Egress ?? [], Is.Empty, "the index calls nobody");
    }

    [TestCase("botify-api", "botify-nats", NatsClientPort)]
    [TestCase("botify-train", "botify-nats", NatsClientPort)]
    [TestCase("botify-train", "botify-index", IndexGrpcPort)]
    [TestCase("botify-nats", "botify-nats", NatsClusterPort)]
    public void Paths_TheLoopsConnections_AreOpen(string from, string to, int port) =>
        Assert.That(Paths.Allows(from, to, port), Is.True, $"{from} -> {to}:{port}");

    [TestCase("botify-index", "botify-nats", NatsClientPort)]
    [TestCase("botify-api", "botify-nats", NatsClusterPort)]
    [TestCase("botify-api", "botify-nats", NatsMonitorPort)]
    [TestCase("botify-api", "botify-nats", NatsMetricsPort)]
    [TestCase("botify-train", "botify-index", 5101)]
    [TestCase("botify-train", "botify-api", 5000)]
    [TestCase("botify-api", "botify-train", 8080)]
    [TestCase("botify-nats", "botify-index", IndexGrpcPort)]
    public void Paths_Others_AreClosed(string from, string to, int port) =>
        Assert.That(Paths.Allows(from, to, port), Is.False, $"{from} -> {to}:{port}");

    [TestCase("botify-train")]
    [TestCase("botify-nats")]
    public void Paths_RestrictedEgress_StillResolvesNames(string from)
    {
        Assert.That(Paths.AllowsAnywhere(from, 53, "UDP"), Is.True, $"{from}: DNS over UDP");
        Assert.That(Paths.AllowsAnywhere(from, 53, "TCP"), Is.True, $"{from}: DNS over TCP (long answers)");
    }
}
