using System.Collections.Concurrent;
using YamlDotNet.RepresentationModel;

namespace Botify.Deploy.Tests.Monitoring;

/// <summary>
/// An overlay rendered with the monitoring component, as an overlay that lists it under <c>components:</c> renders:
/// a kustomization in a temporary folder takes the overlay and the component (by relative paths: kustomize refuses
/// absolute ones) in the overlay's namespace. Objects are read as YAML: the operator's kinds have no client model.
/// </summary>
internal sealed class RenderedWithMonitoring
{
    private static readonly ConcurrentDictionary<string, Lazy<RenderedWithMonitoring>> Cache = new(StringComparer.Ordinal);

    private RenderedWithMonitoring(IReadOnlyList<YamlMappingNode> objects) => Objects = objects;

    public IReadOnlyList<YamlMappingNode> Objects { get; }

    public static RenderedWithMonitoring Get(string overlay) =>
        Cache.GetOrAdd(overlay, name => new Lazy<RenderedWithMonitoring>(() => Render(name))).Value;

    private static RenderedWithMonitoring Render(string overlay)
    {
        var overlayNamespace = Kubernetes.RenderedOverlay.Get(overlay).Deployment("botify-api").Metadata.NamespaceProperty;
        using var folder = new TempFolder();
        string Relative(string path) => Path.GetRelativePath(folder.Path, Checkout.File(path)).Replace('\\', '/');
        File.WriteAllText(Path.Combine(folder.Path, "kustomization.yaml"), $"""
            namespace: {overlayNamespace}
            resources:
              - {Relative(Path.Combine("k8s", "overlays", overlay))}
            components:
              - {Relative(MonitoringFiles.Folder)}
            """);
        var (exitCode, output, error) = Tool.Run("kubectl", "kustomize", folder.Path);

        Assert.That(exitCode, Is.Zero, $"kubectl kustomize of {overlay} with {MonitoringFiles.Folder} failed: {error}");
        Assert.That(error.Trim(), Is.Empty, "kustomize warned");
        var stream = new YamlStream();
        stream.Load(new StringReader(output));
        return new RenderedWithMonitoring([.. stream.Documents.Select(d => (YamlMappingNode)d.RootNode)]);
    }
}
