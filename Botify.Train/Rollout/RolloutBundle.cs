using System.Text.Json;
using Botify.Shared.Data;
using Botify.Shared.Models;

namespace Botify.Train.Rollout;

/// <summary>The bundle being rolled out: the path each index is sent, and the version each must then report.</summary>
internal sealed record RolloutBundle(string ReloadPath, string ExpectedVersion)
{
    /// <summary>
    /// Reads the version from <paramref name="bundle"/>'s manifest when this process can see it, and picks the path
    /// sent in <c>Reload</c>: <paramref name="reloadPath"/> as given, else relative to <paramref name="relativeTo"/>'s
    /// root (for an index whose <c>Index:ModelRoot</c> is that folder), else the bundle's full path.
    /// </summary>
    /// <param name="bundle">The bundle folder as this process sees it.</param>
    /// <param name="reloadPath">An explicit <c>bundle_path</c> (<c>--reload-path</c>), or null.</param>
    /// <param name="relativeTo">The option and folder to send the path relative to, or null.</param>
    /// <param name="expectVersion">The version to expect (<c>--expect-version</c>); must match the manifest when both are there.</param>
    /// <exception cref="RolloutUsageException">The options disagree or leave the version unknown.</exception>
    /// <exception cref="DataFileException">The manifest is there but unreadable or has no version.</exception>
    public static RolloutBundle Resolve(string bundle, string? reloadPath, (string Option, string Root)? relativeTo, string? expectVersion)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        var sent = SentPath(bundle, reloadPath, relativeTo);
        var declared = ReadVersion(Path.GetFullPath(bundle));
        if (declared is not null && expectVersion is not null && !string.Equals(declared, expectVersion, StringComparison.Ordinal))
        {
            throw new RolloutUsageException($"--expect-version '{expectVersion}' disagrees with {Path.Combine(bundle, ModelBundle.ManifestFile)}, which declares '{declared}'");
        }

        var version = declared ?? expectVersion
            ?? throw new RolloutUsageException($"bundle '{bundle}': no {ModelBundle.ManifestFile} here to read the model version from; pass --expect-version when the roll-out cannot see the bundle");
        return new RolloutBundle(sent, version);
    }

    /// <summary>The <c>bundle_path</c> sent in <c>Reload</c>, as <see cref="Resolve"/> picks it.</summary>
    /// <exception cref="RolloutUsageException">Both ways are given, or the bundle is not inside the folder it is sent relative to.</exception>
    public static string SentPath(string bundle, string? reloadPath, (string Option, string Root)? relativeTo)
    {
        if (reloadPath is not null && relativeTo is { } both)
        {
            throw new RolloutUsageException($"--reload-path and {both.Option} both say which path to send; give one");
        }

        var fullPath = Path.GetFullPath(bundle);
        var sent = reloadPath ?? (relativeTo is { } root ? RelativePath(fullPath, root.Option, root.Root) : fullPath);
        return string.IsNullOrWhiteSpace(sent) ? throw new RolloutUsageException("--reload-path: empty") : sent;
    }

    private static string RelativePath(string fullPath, string option, string root)
    {
        var relative = Path.GetRelativePath(Path.GetFullPath(root), fullPath);
        return relative == "." || relative == ".." || relative.StartsWith(".." + Path.DirectorySeparatorChar, StringComparison.Ordinal) || Path.IsPathRooted(relative)
            ? throw new RolloutUsageException($"{option} '{root}': the bundle '{fullPath}' is not inside it")
            : relative;
    }

    private static string? ReadVersion(string folder)
    {
        var path = Path.Combine(folder, ModelBundle.ManifestFile);
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            using var stream = File.OpenRead(path);
            using var manifest = JsonDocument.Parse(stream);
            return manifest.RootElement.ValueKind == JsonValueKind.Object
                && manifest.RootElement.TryGetProperty("modelVersion", out var version)
                && version.ValueKind == JsonValueKind.String
                && version.GetString() is { Length: > 0 } text
                    ? text
                    : throw new DataFileException(path, "no modelVersion to expect the replicas to report");
        }
        catch (JsonException e)
        {
            throw new DataFileException(path, $"not a valid manifest ({e.Message})", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DataFileException(path, $"cannot be read ({e.Message})", e);
        }
    }
}
