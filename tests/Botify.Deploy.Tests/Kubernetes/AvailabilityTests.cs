namespace Botify.Deploy.Tests.Kubernetes;

/// <summary>Voluntary disruptions take one pod at a time, and the services' pods spread over zones and nodes.</summary>
[TestFixture("dev")]
[TestFixture("prod")]
public sealed class AvailabilityTests(string overlay)
{
    private static readonly string[] SpreadKeys = ["topology.kubernetes.io/zone", "kubernetes.io/hostname"];

    private RenderedOverlay Rendered => RenderedOverlay.Get(overlay);

    [Test]
    public void Budgets_Every_AllowOneDisruptionAtATime()
    {
        foreach (var budget in Rendered.DisruptionBudgets)
        {
            // minAvailable: 1 lets a drain take all but one of 3 replicas, and blocks every drain of a 1-replica workload.
            Assert.That(budget.Spec.MinAvailable, Is.Null, $"PodDisruptionBudget {budget.Metadata.Name}: minAvailable");
            Assert.That(budget.Spec.MaxUnavailable?.Value, Is.EqualTo("1"), $"PodDisruptionBudget {budget.Metadata.Name}: maxUnavailable 1");
        }

        foreach (var (name, template, _) in Rendered.Workloads)
        {
            Assert.That(Rendered.DisruptionBudgets.Count(b => RenderedOverlay.Selects(b.Spec.Selector.MatchLabels, template.Metadata.Labels)), Is.EqualTo(1), $"{name}: one budget");
        }
    }

    [Test]
    public void Spread_EveryServiceDeployment_OverZonesAndNodesWithoutBlocking()
    {
        foreach (var deployment in Rendered.Deployments)
        {
            var name = deployment.Metadata.Name;
            var constraints = deployment.Spec.Template.Spec.TopologySpreadConstraints ?? [];

            Assert.That(constraints.Select(c => c.TopologyKey), Is.EquivalentTo(SpreadKeys), $"{name}: spread over zones and nodes");
            foreach (var constraint in constraints)
            {
                var what = $"{name}: spread over {constraint.TopologyKey}";
                Assert.That(constraint.WhenUnsatisfiable, Is.EqualTo("ScheduleAnyway"), $"{what} is a preference: a one-zone or one-node cluster still schedules");
                Assert.That(constraint.MaxSkew, Is.EqualTo(1), what);
                var counted = Rendered.Workloads.Where(w => RenderedOverlay.Selects(constraint.LabelSelector?.MatchLabels, w.Template.Metadata.Labels)).Select(w => w.Name);
                Assert.That(counted, Is.EqualTo(new[] { name }), $"{what} counts its own pods only");
            }
        }
    }
}
