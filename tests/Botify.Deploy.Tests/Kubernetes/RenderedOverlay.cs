using System.Collections.Concurrent;
using System.Globalization;
using System.Text.RegularExpressions;
using k8s;
using k8s.Models;

namespace Botify.Deploy.Tests.Kubernetes;

/// <summary>An overlay rendered by <c>kubectl kustomize</c> and read back with the KubernetesClient models; rendered once per test run.</summary>
internal sealed class RenderedOverlay
{
    private static readonly ConcurrentDictionary<string, Lazy<RenderedOverlay>> Cache = new(StringComparer.Ordinal);

    private RenderedOverlay(string name, string yaml, string warnings, IReadOnlyList<object> objects)
    {
        Name = name;
        Yaml = yaml;
        Warnings = warnings;
        Objects = objects;
    }

    public string Name { get; }

    public string Yaml { get; }

    /// <summary>What kustomize wrote to stderr while rendering (its deprecation warnings go there).</summary>
    public string Warnings { get; }

    public IReadOnlyList<object> Objects { get; }

    public IEnumerable<V1Deployment> Deployments => Objects.OfType<V1Deployment>();

    public IEnumerable<V1StatefulSet> StatefulSets => Objects.OfType<V1StatefulSet>();

    public IEnumerable<V1Service> Services => Objects.OfType<V1Service>();

    public IEnumerable<V1ConfigMap> ConfigMaps => Objects.OfType<V1ConfigMap>();

    public IEnumerable<V1Secret> Secrets => Objects.OfType<V1Secret>();

    public IEnumerable<V1NetworkPolicy> NetworkPolicies => Objects.OfType<V1NetworkPolicy>();

    public IEnumerable<V1PodDisruptionBudget> DisruptionBudgets => Objects.OfType<V1PodDisruptionBudget>();

    public IEnumerable<V2HorizontalPodAutoscaler> Autoscalers => Objects.OfType<V2HorizontalPodAutoscaler>();

    public IEnumerable<V1CronJob> CronJobs => Objects.OfType<V1CronJob>();

    /// <summary>Every workload's pod template, by workload name.</summary>
    public IEnumerable<(string Name, V1PodTemplateSpec Template, V1LabelSelector Selector)> Workloads =>
        Deployments.Select(d => (d.Metadata.Name, d.Spec.Template, d.Spec.Selector))
            .Concat(StatefulSets.Select(s => (s.Metadata.Name, s.Spec.Template, s.Spec.Selector)));

    /// <summary>Every pod template, by owner name: the workloads' and the CronJobs' (whose pods run to completion).</summary>
    public IEnumerable<(string Name, V1PodTemplateSpec Template)> PodTemplates =>
        Workloads.Select(w => (w.Name, w.Template)).Concat(CronJobs.Select(c => (c.Metadata.Name, c.Spec.JobTemplate.Spec.Template)));

    public V1Deployment Deployment(string name) => Deployments.Single(d => d.Metadata.Name == name);

    public V1StatefulSet StatefulSet(string name) => StatefulSets.Single(s => s.Metadata.Name == name);

    public V1CronJob CronJob(string name) => CronJobs.Single(c => c.Metadata.Name == name);

    /// <summary>The data of the ConfigMap generated as <paramref name="name"/> (kustomize adds a hash suffix).</summary>
    public IDictionary<string, string> ConfigMap(string name) =>
        ConfigMaps.Single(c => c.Metadata.Name.StartsWith(name + "-", StringComparison.Ordinal)).Data;

    public static RenderedOverlay Get(string overlay) =>
        Cache.GetOrAdd(overlay, name => new Lazy<RenderedOverlay>(() => Render(name))).Value;

    public static bool Selects(IDictionary<string, string>? selector, IDictionary<string, string>? labels) =>
        selector is { Count: > 0 } && labels is not null && selector.All(pair => labels.TryGetValue(pair.Key, out var value) && value == pair.Value);

    private static RenderedOverlay Render(string overlay)
    {
        var (exitCode, output, error) = Tool.Run("kubectl", "kustomize", Path.Combine("k8s", "overlays", overlay));
        if (exitCode != 0 && TooOldToRender() is { } tooOld)
        {
            Assert.Ignore($"{tooOld}; k8s/ needs kustomize v4.2+ (kubectl 1.22+) for its `labels` field: the manifest checks are skipped ({error.Trim()})");
        }

        Assert.That(exitCode, Is.Zero, $"kubectl kustomize k8s/overlays/{overlay} failed: {error}");
        return new RenderedOverlay(overlay, output, error, KubernetesYaml.LoadAllFromString(output));
    }

    /// <summary>
    /// Why this kubectl cannot render k8s/, or null when it should: kubectl 1.24+ names its kustomize ("Kustomize
    /// Version: v5.5.0"); older ones only their own version, and kubectl 1.22 was the first with kustomize v4.2.
    /// </summary>
    private static string? TooOldToRender()
    {
        var (_, output, _) = Tool.Run("kubectl", "version", "--client");
        if (Regex.Match(output, @"Kustomize Version: v(\d+)\.(\d+)", RegexOptions.CultureInvariant) is { Success: true } kustomize)
        {
            var version = new Version(Number(kustomize.Groups[1]), Number(kustomize.Groups[2]));
            return version < new Version(4, 2) ? $"kubectl's kustomize is v{version}" : null;
        }

        return Regex.Match(output, @"Minor:""(\d+)", RegexOptions.CultureInvariant) is { Success: true } minor && Number(minor.Groups[1]) < 22
            ? $"kubectl is 1.{minor.Groups[1].Value}"
            : null;
    }

    private static int Number(Group group) => int.Parse(group.Value, CultureInfo.InvariantCulture);
}
