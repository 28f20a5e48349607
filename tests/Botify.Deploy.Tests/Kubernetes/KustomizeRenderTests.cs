using System.Text;
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
        Assert.That(rendered.DisruptionBudgets.Select(p => p.Metadata.Name), Is.SupersetOf(new[] { "botify-api", "botify-index", "botify-nats" }));
        Assert.That(rendered.StatefulSets.Select(s => s.Metadata.Name), Does.Contain("botify-nats"));
        Assert.That(rendered.CronJobs.Select(c => c.Metadata.Name), Is.EqualTo(new[] { "botify-train" }));
    }

    [Test]
    public void Render_Overlay_RedisIsAStatefulSetInDevAndAnExternalAddressInProd()
    {
        var rendered = RenderedOverlay.Get(overlay);
        var reference = RedisSecretReference(rendered);

        Assert.That(ApiConfig(rendered)["Sessions__Store"], Is.EqualTo("Redis"));
        if (overlay == "dev")
        {
            Assert.That(rendered.StatefulSets.Select(s => s.Metadata.Name), Does.Contain("botify-redis"));
            var secret = rendered.Secrets.Single(s => s.Metadata.Name == reference.Name);
            var redis = Encoding.UTF8.GetString(secret.Data[reference.Key]);
            var host = redis.Split(':')[0];
            Assert.That(rendered.Services.Select(s => s.Metadata.Name), Does.Contain(host), "the API's Redis address is the in-cluster Service");
        }
        else
        {
            Assert.That(rendered.StatefulSets.Select(s => s.Metadata.Name), Does.Not.Contain("botify-redis"));
            // Prod's connection string (with its password) is created in the cluster, never rendered from the repository.
            Assert.That(rendered.Secrets.Select(s => s.Metadata.Name), Does.Not.Contain(reference.Name), "prod's Redis Secret is created out of band");
        }
    }

    [Test]
    public void Render_Overlay_RedisConnectionStringIsASecretNeverAConfigMap()
    {
        var rendered = RenderedOverlay.Get(overlay);
        var reference = RedisSecretReference(rendered);

        foreach (var config in rendered.ConfigMaps)
        {
            Assert.That(config.Data.Keys, Has.None.EqualTo("Sessions__RedisConfiguration"), $"ConfigMap {config.Metadata.Name}: a connection string may carry a password");
        }

        Assert.That(reference.Optional, Is.Not.True, "without the Secret the API would start on appsettings.json's localhost:6379 and run session-less");
        Assert.That(reference.Key, Is.Not.Empty);
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

        foreach (var (name, template) in rendered.PodTemplates)
        {
            foreach (var reference in template.Spec.Containers.SelectMany(c => c.EnvFrom ?? []).Where(e => e.ConfigMapRef is not null))
            {
                Assert.That(names, Does.Contain(reference.ConfigMapRef.Name), $"{name} reads ConfigMap {reference.ConfigMapRef.Name}");
            }

            foreach (var volume in (template.Spec.Volumes ?? []).Where(v => v.ConfigMap is not null))
            {
                Assert.That(names, Does.Contain(volume.ConfigMap.Name), $"{name} mounts ConfigMap {volume.ConfigMap.Name}");
            }
        }
    }

    /// <summary>The Secret key the API's Sessions__RedisConfiguration comes from (an env entry overrides the ConfigMap's envFrom).</summary>
    internal static V1SecretKeySelector RedisSecretReference(RenderedOverlay rendered)
    {
        var api = rendered.Deployment("botify-api").Spec.Template.Spec.Containers.Single();
        var variable = (api.Env ?? []).SingleOrDefault(e => e.Name == "Sessions__RedisConfiguration");
        Assert.That(variable?.ValueFrom?.SecretKeyRef, Is.Not.Null, "botify-api: env Sessions__RedisConfiguration from a secretKeyRef");
        return variable!.ValueFrom.SecretKeyRef;
    }

    internal static IDictionary<string, string> ApiConfig(RenderedOverlay rendered) =>
        rendered.ConfigMaps.Single(c => c.Metadata.Name.StartsWith("botify-api-config", StringComparison.Ordinal)).Data;
}
