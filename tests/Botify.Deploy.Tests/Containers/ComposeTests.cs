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
