using System.Collections.Concurrent;
using k8s;
using k8s.Models;

namespace Botify.Deploy.Tests.Kubernetes;

/// <summary>An overlay rendered by <c>kubectl kustomize</c> and read back with the KubernetesClient models; rendered once per test run.</summary>
internal sealed class RenderedOverlay
{
    private static readonly ConcurrentDictionary<string, Lazy<RenderedOverlay>> Cache = new(StringComparer.Ordinal);

    private RenderedOverlay(string name, string yaml, IReadOnlyList<object> objects)
    {
        Name = name;
        Yaml = yaml;
        Objects = objects;
    }

    public string Name { get; }

    public string Yaml { get; }

    public IReadOnlyList<object> Objects { get; }

    public IEnumerable<V1Deployment> Deployments => Objects.OfType<V1Deployment>();

    public IEnumerable<V1StatefulSet> StatefulSets => Objects.OfType<V1StatefulSet>();

    public IEnumerable<V1Service> Services => Objects.OfType<V1Service>();

    public IEnumerable<V1ConfigMap> ConfigMaps => Objects.OfType<V1ConfigMap>();

    public IEnumerable<V1NetworkPolicy> NetworkPolicies => Objects.OfType<V1NetworkPolicy>();

    public IEnumerable<V1PodDisruptionBudget> DisruptionBudgets => Objects.OfType<V1PodDisruptionBudget>();

    public IEnumerable<V2HorizontalPodAutoscaler> Autoscalers => Objects.OfType<V2HorizontalPodAutoscaler>();

    /// <summary>Every workload's pod template, by workload name.</summary>
    public IEnumerable<(string Name, V1PodTemplateSpec Template, V1LabelSelector Selector)> Workloads =>
        Deployments.Select(d => (d.Metadata.Name, d.Spec.Template, d.Spec.Selector))
            .Concat(StatefulSets.Select(s => (s.Metadata.Name, s.Spec.Template, s.Spec.Selector)));

    public V1Deployment Deployment(string name) => Deployments.Single(d => d.Metadata.Name == name);

    public static RenderedOverlay Get(string overlay) =>
        Cache.GetOrAdd(overlay, name => new Lazy<RenderedOverlay>(() => Render(name))).Value;

    public static bool Selects(IDictionary<string, string>? selector, IDictionary<string, string>? labels) =>
        selector is { Count: > 0 } && labels is not null && selector.All(pair => labels.TryGetValue(pair.Key, out var value) && value == pair.Value);

    private static RenderedOverlay Render(string overlay)
    {
        var (exitCode, output, error) = Tool.Run("kubectl", "kustomize", Path.Combine("k8s", "overlays", overlay));
        Assert.That(exitCode, Is.Zero, $"kubectl kustomize k8s/overlays/{overlay} failed: {error}");
        return new RenderedOverlay(overlay, output, KubernetesYaml.LoadAllFromString(output));
    }
}
