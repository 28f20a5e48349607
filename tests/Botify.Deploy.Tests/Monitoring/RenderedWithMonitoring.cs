using System.Collections.Concurrent;
using YamlDotNet.RepresentationModel;

namespace Botify.Deploy.Tests.Monitoring;

/// <summary>
/// An overlay rendered with the monitoring component, as monitoring.md tells an operator to take it: a copy of k8s/
/// in a temporary folder, the overlay's kustomization with <c>components: [../../components/monitoring]</c>
/// added. Objects are read as YAML: the operator's kinds have no client model.
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
        using var folder = new TempFolder();
        var copy = Path.Combine(folder.Path, "k8s");
        CopyTree(Checkout.File("k8s"), copy);
        var kustomization = Path.Combine(copy, "overlays", overlay, "kustomization.yaml");
        Assert.That(File.ReadAllText(kustomization), Does.Not.Contain("components:"), "the overlay takes no component of its own");
        File.AppendAllText(kustomization, "components:\n  - ../../components/monitoring\n");
        var (exitCode, output, error) = Tool.Run("kubectl", "kustomize", Path.Combine(copy, "overlays", overlay));

        Assert.That(exitCode, Is.Zero, $"kubectl kustomize of {overlay} with {MonitoringFiles.Folder} failed: {error}");
        Assert.That(error.Trim(), Is.Empty, "kustomize warned");
        var stream = new YamlStream();
        stream.Load(new StringReader(output));
        return new RenderedWithMonitoring([.. stream.Documents.Select(d => (YamlMappingNode)d.RootNode)]);
    }

    private static void CopyTree(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
