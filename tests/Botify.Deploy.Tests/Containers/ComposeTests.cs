using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace Botify.Deploy.Tests.Containers;

/// <summary>
/// <c>compose.yaml</c> is valid for a Docker Compose client: the Docker CLI's plugin (<c>docker compose</c>) where it
/// is installed, else the standalone <c>docker-compose</c> (Debian's 1.29, which .ci/run installs; it validates
/// without a Docker engine).
/// </summary>
public sealed class ComposeTests
{
    [Test]
    public void Config_ComposeFile_IsValidAndHasTwoApiReplicasOneIndexAndRedis()
    {
        var compose = Client();

        var (exitCode, output, error) = Tool.Run(compose[0], [.. compose[1..], "-f", "compose.yaml", "config", "--services"]);

        Assert.That(exitCode, Is.Zero, $"{string.Join(' ', compose)} config rejected compose.yaml: {error}");
        Assert.That(output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), Is.EquivalentTo(new[] { "api-1", "api-2", "index", "redis" }));
    }

    [Test]
    public void Config_ComposeFile_PassesTheQuietCheck()
    {
        var compose = Client();

        var (exitCode, output, error) = Tool.Run(compose[0], [.. compose[1..], "-f", "compose.yaml", "config", "-q"]);

        Assert.That(exitCode, Is.Zero, $"{string.Join(' ', compose)} config -q rejected compose.yaml: {error}");
        Assert.That(output.Trim(), Is.Empty, "-q prints nothing for a valid file");
    }

    [Test]
    public void Services_OnTheChiseledImages_RunNothingInsideAndStopAfterTheirShutdownTimeout()
    {
        // The service images have no shell and no tools (chiseled): a healthcheck or a shell command could not run.
        var services = Services();
        var built = services.Where(s => s.Value.Children.ContainsKey(new YamlScalarNode("build"))).ToList();

        Assert.That(built.Select(s => s.Key), Is.EquivalentTo(new[] { "api-1", "api-2", "index" }));
        foreach (var (name, service) in built)
        {
            foreach (var key in new[] { "healthcheck", "entrypoint", "command" })
            {
                Assert.That(service.Children.ContainsKey(new YamlScalarNode(key)), Is.False, $"{name}: '{key}' would run a command in a chiseled image");
            }

            var environment = (YamlMappingNode)service["environment"];
            var shutdown = TimeSpan.Parse(((YamlScalarNode)environment["HostOptions__ShutdownTimeout"]).Value!, CultureInfo.InvariantCulture);
            var grace = ((YamlScalarNode)service["stop_grace_period"]).Value!;
            Assert.That(TimeSpan.FromSeconds(int.Parse(grace.TrimEnd('s'), CultureInfo.InvariantCulture)), Is.GreaterThan(shutdown), $"{name}: stop_grace_period covers HostOptions__ShutdownTimeout");
        }
    }

    /// <summary>compose.yaml's services, with YAML merge keys (<c>&lt;&lt;: *api</c>) applied.</summary>
    private static Dictionary<string, YamlMappingNode> Services()
    {
        using var reader = new StreamReader(Checkout.File("compose.yaml"));
        var yaml = new YamlStream();
        yaml.Load(reader);
        var services = (YamlMappingNode)((YamlMappingNode)yaml.Documents.Single().RootNode)["services"];
        return services.Children.ToDictionary(pair => ((YamlScalarNode)pair.Key).Value!, pair => Merged((YamlMappingNode)pair.Value), StringComparer.Ordinal);
    }

    private static YamlMappingNode Merged(YamlMappingNode node)
    {
        var merged = new YamlMappingNode();
        if (node.Children.TryGetValue(new YamlScalarNode("<<"), out var parent))
        {
            foreach (var pair in Merged((YamlMappingNode)parent).Children)
            {
                merged.Children[pair.Key] = pair.Value;
            }
        }

        foreach (var pair in node.Children.Where(p => ((YamlScalarNode)p.Key).Value != "<<"))
        {
            merged.Children[pair.Key] = pair.Value;
        }

        return merged;
    }

    /// <summary>The command that runs Compose here; ignores the test, saying why, when there is none.</summary>
    private static string[] Client()
    {
        if (Tool.Exists("docker") && Tool.Run("docker", "compose", "version").ExitCode == 0)
        {
            return ["docker", "compose"];
        }

        if (Tool.Exists("docker-compose") && Tool.Run("docker-compose", "version").ExitCode == 0)
        {
            return ["docker-compose"];
        }

        Assert.Ignore("neither 'docker compose' (the Docker CLI plugin) nor 'docker-compose' is installed (.ci/run installs Debian's docker-compose): compose.yaml is not checked");
        return [];
    }
}
