using k8s;
using k8s.Models;

namespace Botify.Deploy.Tests.Kubernetes;

/// <summary>Both overlays render with kubectl's kustomize and read back with the KubernetesClient models.</summary>
[TestFixture("dev")]
[TestFixture("prod")]
public sealed class KustomizeRenderTests(string overlay)
{
    [Test]
    public void Render_Overlay_EveryObjectIsAKnownKubernetesModel()
    {
        var rendered = RenderedOverlay.Get(overlay);

        Assert.That(rendered.Objects, Is.Not.Empty);
        Assert.That(rendered.Objects, Has.All.InstanceOf<IKubernetesObject<V1ObjectMeta>>());
        Assert.That(rendered.Objects.Cast<IKubernetesObject<V1ObjectMeta>>().Select(o => o.Metadata.NamespaceProperty), Has.All.EqualTo(overlay == "dev" ? "botify-dev" : "botify"));
        Assert.That(rendered.Deployments.Select(d => d.Metadata.Name), Is.EquivalentTo(new[] { "botify-api", "botify-index" }));
        Assert.That(rendered.Autoscalers.Single().Spec.ScaleTargetRef.Name, Is.EqualTo("botify-api"));
        Assert.That(rendered.DisruptionBudgets.Select(p => p.Metadata.Name), Is.SupersetOf(new[] { "botify-api", "botify-index" }));
    }

    [Test]
    public void Render_Overlay_RedisIsAStatefulSetInDevAndAnExternalAddressInProd()
    {
        var rendered = RenderedOverlay.Get(overlay);
        var redis = ApiConfig(rendered)["Sessions__RedisConfiguration"];

        Assert.That(ApiConfig(rendered)["Sessions__Store"], Is.EqualTo("Redis"));
        if (overlay == "dev")
        {
            Assert.That(rendered.StatefulSets.Select(s => s.Metadata.Name), Is.EqualTo(new[] { "botify-redis" }));
            var host = redis.Split(':')[0];
            Assert.That(rendered.Services.Select(s => s.Metadata.Name), Does.Contain(host), "the API's Redis address is the in-cluster Service");
        }
        else
        {
            Assert.That(rendered.StatefulSets, Is.Empty);
            Assert.That(redis, Does.Not.StartWith("botify-redis"), "prod uses an external Redis");
        }
    }

    [Test]
    public void Render_Overlay_IndexIsHeadlessAndTheApiBalancesOverItsPods()
    {
        var rendered = RenderedOverlay.Get(overlay);
        var index = rendered.Services.Single(s => s.Metadata.Name == "botify-index");
        var grpc = index.Spec.Ports.Single(p => p.Name == "grpc").Port;

        Assert.That(index.Spec.ClusterIP, Is.EqualTo("None"), "headless: DNS returns every pod, so the client balances per call");
        Assert.That(ApiConfig(rendered)["Index__Address"], Is.EqualTo($"dns:///botify-index:{grpc}"));
    }

    [Test]
    public void Render_Overlay_ConfigMapsReferencedByPodsExist()
    {
        var rendered = RenderedOverlay.Get(overlay);
        var names = rendered.ConfigMaps.Select(c => c.Metadata.Name).ToHashSet(StringComparer.Ordinal);

        foreach (var (name, template, _) in rendered.Workloads)
        {
            foreach (var reference in template.Spec.Containers.SelectMany(c => c.EnvFrom ?? []).Where(e => e.ConfigMapRef is not null))
            {
                Assert.That(names, Does.Contain(reference.ConfigMapRef.Name), $"{name} reads ConfigMap {reference.ConfigMapRef.Name}");
            }
        }
    }

    internal static IDictionary<string, string> ApiConfig(RenderedOverlay rendered) =>
        rendered.ConfigMaps.Single(c => c.Metadata.Name.StartsWith("botify-api-config", StringComparison.Ordinal)).Data;
}
