using Botify.Deploy.Tests.Kubernetes;
using YamlDotNet.RepresentationModel;

namespace Botify.Deploy.Tests.Monitoring;

/// <summary>
/// The optional monitoring component renders with each overlay that lists it under <c>components:</c>, its monitors scrape the ports the <c>prometheus.io/*</c> annotations name, and the overlays alone carry
/// none of the operator's kinds, so they apply on a cluster without it.
/// </summary>
[TestFixture("dev")]
[TestFixture("prod")]
public sealed class MonitoringComponentTests(string overlay)
{
    [Test]
    public void Overlay_WithoutTheComponent_HasNoPrometheusOperatorKinds()
    {
        var rendered = RenderedOverlay.Get(overlay);

        Assert.That(rendered.Yaml, Does.Not.Contain("monitoring.coreos.com"));
        Assert.That(rendered.ConfigMaps.Where(c => c.Metadata.Labels?.ContainsKey("grafana_dashboard") == true), Is.Empty);
    }

    [Test]
    public void Component_Rendered_EveryObjectInTheOverlaysNamespaceAndTheRuleTheRulesFile()
    {
        var objects = RenderedWithMonitoring.Get(overlay).Objects;
        var expected = RenderedOverlay.Get(overlay).Objects.Count + 3 + 1 + MonitoringFiles.DashboardFiles.Count();

        Assert.That(objects, Has.Count.EqualTo(expected), "the overlay's objects, two ServiceMonitors, a PodMonitor, the PrometheusRule and a ConfigMap per dashboard");
        Assert.That(objects.Select(o => Meta(o, "namespace")), Has.All.EqualTo(overlay == "dev" ? "botify-dev" : "botify"));
        Assert.That(objects.Select(o => Labels((YamlMappingNode)o["metadata"], "labels").GetValueOrDefault("app.kubernetes.io/instance")), Has.All.EqualTo(overlay), "the overlay's labels reach the component's objects");
        var rule = objects.Single(o => Kind(o) == "PrometheusRule");
        Assert.That(MonitoringFiles.Canonical(((YamlMappingNode)rule["spec"])["groups"]), Is.EqualTo(MonitoringFiles.Canonical(MonitoringFiles.Load(MonitoringFiles.RulesFile)["groups"])));
    }

    [TestCase("botify-api")]
    [TestCase("botify-index")]
    public void ServiceMonitor_SelectsTheServiceAndScrapesThePortTheAnnotationNames(string name)
    {
        var objects = RenderedWithMonitoring.Get(overlay).Objects;
        var monitor = objects.Single(o => Kind(o) == "ServiceMonitor" && Meta(o, "name") == name);
        var selector = Labels((YamlMappingNode)((YamlMappingNode)monitor["spec"])["selector"], "matchLabels");
        var endpoint = MonitoringFiles.Sequence((YamlMappingNode)monitor["spec"], "endpoints").Single();
        var deployment = RenderedOverlay.Get(overlay).Deployment(name);
        var service = RenderedOverlay.Get(overlay).Services.Single(s => RenderedOverlay.Selects(selector, s.Metadata.Labels));
        var port = service.Spec.Ports.Single(p => p.Name == MonitoringFiles.Scalar(endpoint, "port"));
        var containerPort = deployment.Spec.Template.Spec.Containers.SelectMany(c => c.Ports ?? []).Single(p => p.Name == port.TargetPort.Value);

        Assert.That(service.Metadata.Name, Is.EqualTo(name));
        Assert.That(MonitoringFiles.Scalar(endpoint, "path"), Is.EqualTo(deployment.Spec.Template.Metadata.Annotations["prometheus.io/path"]));
        Assert.That(containerPort.ContainerPort.ToString(System.Globalization.CultureInfo.InvariantCulture), Is.EqualTo(deployment.Spec.Template.Metadata.Annotations["prometheus.io/port"]), "the port the annotation names");
    }

    [Test]
    public void PodMonitor_SelectsTheNatsPodsAndScrapesTheExportersPort()
    {
        var objects = RenderedWithMonitoring.Get(overlay).Objects;
        var monitor = objects.Single(o => Kind(o) == "PodMonitor");
        var selector = Labels((YamlMappingNode)((YamlMappingNode)monitor["spec"])["selector"], "matchLabels");
        var endpoint = MonitoringFiles.Sequence((YamlMappingNode)monitor["spec"], "podMetricsEndpoints").Single();
        var nats = RenderedOverlay.Get(overlay).StatefulSet("botify-nats").Spec.Template;
        var ports = nats.Spec.Containers.SelectMany(c => c.Ports ?? []).ToList();

        Assert.That(RenderedOverlay.Selects(selector, nats.Metadata.Labels), Is.True);
        Assert.That(RenderedOverlay.Get(overlay).Workloads.Where(w => RenderedOverlay.Selects(selector, w.Template.Metadata.Labels)).Select(w => w.Name), Is.EqualTo(new[] { "botify-nats" }));
        Assert.That(ports.Single(p => p.Name == MonitoringFiles.Scalar(endpoint, "port")).ContainerPort.ToString(System.Globalization.CultureInfo.InvariantCulture), Is.EqualTo(nats.Metadata.Annotations["prometheus.io/port"]));
    }

    [Test]
    public void Dashboards_Rendered_AsConfigMapsTheGrafanaSidecarLoads()
    {
        var objects = RenderedWithMonitoring.Get(overlay).Objects;
        var dashboards = objects.Where(o => Kind(o) == "ConfigMap" && Labels((YamlMappingNode)o["metadata"], "labels").GetValueOrDefault("grafana_dashboard") == "1").ToList();

        Assert.That(dashboards, Has.Count.EqualTo(MonitoringFiles.DashboardFiles.Count()));
        foreach (var file in MonitoringFiles.DashboardFiles)
        {
            var key = Path.GetFileName(file);
            var holder = dashboards.SingleOrDefault(d => ((YamlMappingNode)d["data"]).Children.ContainsKey(new YamlScalarNode(key)));
            Assert.That(holder, Is.Not.Null, $"{key}: no ConfigMap holds it");
            Assert.That(((YamlScalarNode)((YamlMappingNode)holder!["data"])[key]).Value, Is.EqualTo(File.ReadAllText(file)), key);
            Assert.That(Meta(holder, "name"), Is.EqualTo("botify-dashboard-" + Path.GetFileNameWithoutExtension(key)["botify-".Length..]), $"{key}: a fixed name (no hash), so an update replaces the dashboard");
        }
    }

    private static string Kind(YamlMappingNode node) => MonitoringFiles.Scalar(node, "kind")!;

    private static string? Meta(YamlMappingNode node, string key) => MonitoringFiles.Scalar((YamlMappingNode)node["metadata"], key);

    private static Dictionary<string, string> Labels(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var labels)
            ? ((YamlMappingNode)labels).Children.ToDictionary(p => ((YamlScalarNode)p.Key).Value!, p => ((YamlScalarNode)p.Value).Value!, StringComparer.Ordinal)
            : [];
}
