namespace Botify.Deploy.Tests.Containers;

/// <summary><c>compose.yaml</c> is valid for the Docker Compose client, where it is installed.</summary>
public sealed class ComposeTests
{
    [Test]
    public void Config_ComposeFile_IsValidAndHasTwoApiReplicasOneIndexAndRedis()
    {
        var (versionExit, _, versionError) = Tool.Run("docker", "compose", "version");
        if (versionExit != 0)
        {
            Assert.Ignore($"'docker compose' is not available here ({versionError.Trim()}): compose.yaml is not checked");
        }

        var (exitCode, output, error) = Tool.Run("docker", "compose", "-f", "compose.yaml", "config", "--services");

        Assert.That(exitCode, Is.Zero, error);
        Assert.That(output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), Is.EquivalentTo(new[] { "api-1", "api-2", "index", "redis" }));
    }
}
