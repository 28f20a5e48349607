namespace Botify.Tests.Support;

/// <summary>Finds an executable on PATH, for tests that start real servers (redis-server, nats-server). Compiled into every test project.</summary>
internal static class OnPath
{
    /// <summary>The full path of <paramref name="name"/> in the first PATH folder that has it, or null.</summary>
    public static string? Find(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, name))
            .FirstOrDefault(File.Exists);
}
