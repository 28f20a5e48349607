using k8s.Models;

namespace Botify.Deploy.Tests.Kubernetes;

/// <summary>Only the API reaches the index and Redis; the index's metrics port is the one other way in.</summary>
[TestFixture("dev")]
[TestFixture("prod")]
public sealed class NetworkPolicyTests(string overlay)
{
    private const int IndexMetricsPort = 5101;

    [Test]
    public void Policies_IndexAndRedis_AdmitOnlyTheApi()
    {
        var rendered = RenderedOverlay.Get(overlay);
        var guarded = new List<string> { "botify-index" };
        if (rendered.StatefulSets.Any(s => s.Metadata.Name == "botify-redis"))
        {
            guarded.Add("botify-redis");
        }

        var apiLabels = rendered.Deployment("botify-api").Spec.Template.Metadata.Labels;
        foreach (var target in guarded)
        {
            var podLabels = rendered.Workloads.Single(w => w.Name == target).Template.Metadata.Labels;
            var policies = rendered.NetworkPolicies.Where(p => RenderedOverlay.Selects(p.Spec.PodSelector.MatchLabels, podLabels)).ToList();
            Assert.That(policies, Is.Not.Empty, $"{target} is selected by a policy (otherwise every pod reaches it)");
            foreach (var policy in policies)
            {
                Assert.That(policy.Spec.PolicyTypes, Does.Contain("Ingress"));
                foreach (var rule in policy.Spec.Ingress ?? [])
                {
                    var ports = (rule.Ports ?? []).Select(p => p.Port?.Value).ToList();
                    Assert.That(ports, Is.Not.Empty, $"{policy.Metadata.Name}: a rule names its ports");
                    if (ports.All(p => p == IndexMetricsPort.ToString(System.Globalization.CultureInfo.InvariantCulture)) && target == "botify-index")
                    {
                        continue; // the scrape port, from the monitoring namespace
                    }

                    Assert.That(rule.FromProperty, Is.Not.Null.And.Not.Empty, $"{policy.Metadata.Name}: a rule without 'from' admits everyone");
                    foreach (var peer in rule.FromProperty)
                    {
                        Assert.That(peer.IpBlock, Is.Null, $"{policy.Metadata.Name}: no address blocks");
                        Assert.That(peer.NamespaceSelector, Is.Null, $"{policy.Metadata.Name}: no other namespaces");
                        Assert.That(RenderedOverlay.Selects(peer.PodSelector?.MatchLabels, apiLabels), Is.True, $"{policy.Metadata.Name}: only API pods");
                        Assert.That(rendered.Workloads.Where(w => RenderedOverlay.Selects(peer.PodSelector?.MatchLabels, w.Template.Metadata.Labels)).Select(w => w.Name), Is.EqualTo(new[] { "botify-api" }));
                    }
                }
            }
        }
    }

    [Test]
    public void Policies_Index_HasNoEgress()
    {
        var policy = RenderedOverlay.Get(overlay).NetworkPolicies.Single(p => p.Metadata.Name == "botify-index");

        Assert.That(policy.Spec.PolicyTypes, Does.Contain("Egress"));
        Assert.That(policy.Spec.Egress ?? [], Is.Empty, "the index calls nobody");
    }
}
