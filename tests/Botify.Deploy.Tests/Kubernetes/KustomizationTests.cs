using YamlDotNet.RepresentationModel;

namespace Botify.Deploy.Tests.Kubernetes;

/// <summary>
/// The kustomization files use current fields only: kustomize v5 deprecates <c>commonLabels</c> and
/// <c>patchesStrategicMerge</c> (and warns on every render); <c>labels</c> and <c>patches</c> replace them.
/// </summary>
public sealed class KustomizationTests
{
    /// <summary>Fields kustomize deprecated, with what replaces each.</summary>
    private static readonly Dictionary<string, string> Deprecated = new(StringComparer.Ordinal)
    {
        ["commonLabels"] = "labels",
        ["patchesStrategicMerge"] = "patches",
        ["patchesJson6902"] = "patches",
        ["bases"] = "resources",
        ["vars"] = "replacements",
        ["imageTags"] = "images",
    };

    private static IEnumerable<string> Files() =>
        Directory.EnumerateFiles(Checkout.File("k8s"), "kustomization.yaml", SearchOption.AllDirectories).Order(StringComparer.Ordinal);

    [Test]
    public void Kustomizations_Every_UsesNoDeprecatedField()
    {
        Assert.That(Files(), Is.Not.Empty);
        foreach (var file in Files())
        {
            var relative = Path.GetRelativePath(Checkout.Root, file);
            foreach (var field in Fields(file).Keys)
            {
                Assert.That(Deprecated.TryGetValue(field, out var instead), Is.False, $"{relative}: '{field}' is deprecated; use '{instead}'");
            }
        }
    }

    [Test]
    public void Kustomizations_Labels_StayInTheSelectorsTheyWereCreatedWith()
    {
        // A Deployment's selector is immutable: commonLabels put these labels in every selector, so `labels` must keep
        // includeSelectors, or `kubectl apply` fails on every cluster that runs the former manifests.
        foreach (var file in Files())
        {
            if (!Fields(file).TryGetValue("labels", out var labels))
            {
                continue;
            }

            foreach (var entry in ((YamlSequenceNode)labels).Children.Cast<YamlMappingNode>())
            {
                var includeSelectors = entry.Children.TryGetValue(new YamlScalarNode("includeSelectors"), out var value) && ((YamlScalarNode)value).Value == "true";
                Assert.That(includeSelectors, Is.True, $"{Path.GetRelativePath(Checkout.Root, file)}: labels {entry["pairs"]} without includeSelectors: true");
            }
        }
    }

    [TestCase("dev")]
    [TestCase("prod")]
    public void Render_Overlay_PrintsNoWarnings(string overlay)
    {
        var rendered = RenderedOverlay.Get(overlay);

        Assert.That(rendered.Warnings.Trim(), Is.Empty, $"kubectl kustomize k8s/overlays/{overlay} warned");
    }

    [TestCase("dev")]
    [TestCase("prod")]
    public void Render_Selectors_KeepTheLabelsTheyWereCreatedWith(string overlay)
    {
        var rendered = RenderedOverlay.Get(overlay);

        foreach (var deployment in rendered.Deployments)
        {
            Assert.That(deployment.Spec.Selector.MatchLabels, Is.EquivalentTo(new Dictionary<string, string>
            {
                ["app.kubernetes.io/name"] = deployment.Metadata.Name,
                ["app.kubernetes.io/part-of"] = "botify",
                ["app.kubernetes.io/instance"] = overlay,
            }), $"{deployment.Metadata.Name}: selector (immutable once applied)");
        }
    }

    private static Dictionary<string, YamlNode> Fields(string file)
    {
        using var reader = new StreamReader(file);
        var yaml = new YamlStream();
        yaml.Load(reader);
        return ((YamlMappingNode)yaml.Documents.Single().RootNode).Children
            .ToDictionary(pair => ((YamlScalarNode)pair.Key).Value!, pair => pair.Value, StringComparer.Ordinal);
    }
}
