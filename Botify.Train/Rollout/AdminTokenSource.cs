namespace Botify.Train.Rollout;

/// <summary>Where the index's admin token comes from: a file (a mounted Kubernetes Secret) or the environment. Its value is never printed.</summary>
internal static class AdminTokenSource
{
    /// <summary>The environment variable read when no token file is given.</summary>
    public const string EnvironmentVariable = "BOTIFY_INDEX_TOKEN";

    /// <summary>The token in <paramref name="file"/> when given, else in <see cref="EnvironmentVariable"/>; null when neither holds one.</summary>
    /// <param name="file">The token file, or null to read the environment.</param>
    /// <param name="option">The option that named the file, for the error message.</param>
    /// <param name="environment">Reads an environment variable; <see cref="Environment.GetEnvironmentVariable(string)"/> outside tests.</param>
    /// <exception cref="RolloutUsageException">The file is missing, unreadable or empty.</exception>
    public static string? Read(string? file, string option, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (file is null)
        {
            return environment(EnvironmentVariable)?.Trim() is { Length: > 0 } fromEnvironment ? fromEnvironment : null;
        }

        string text;
        try
        {
            text = File.ReadAllText(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new RolloutUsageException($"{option} '{file}': cannot read the token ({e.GetType().Name}: {e.Message})");
        }

        // A Secret written with echo or kubectl --from-file may end with a newline the index's token does not have.
        var token = text.Trim();
        return token.Length > 0 ? token : throw new RolloutUsageException($"{option} '{file}': the file is empty");
    }
}
