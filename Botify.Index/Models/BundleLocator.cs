using Botify.Index.Mips;
using Botify.Shared.Data;

namespace Botify.Index.Models;

/// <summary>
/// Where a Reload may read from (<see cref="IndexOptions.ModelRoot"/>). With a root, a bundle path is walked
/// one component at a time from the root's real path, following symbolic links by hand: <c>..</c> above the
/// root and a link that leads outside it are refused before anything outside is examined, so an error never
/// tells whether an outside path exists, and errors name paths relative to the root. The folder returned is
/// the real path, so the files opened (and the graph written) are the ones checked. Without a root any path
/// is accepted, as before. Either way only regular files pass (<see cref="FileKinds"/>). A swap of a
/// component between the check and the open is not guarded against; the reload timeout bounds what it could do.
/// </summary>
internal sealed class BundleLocator(string? modelRoot)
{
    /// <summary>Links followed in one path before it is refused (Linux's own limit).</summary>
    private const int MaxLinks = 40;

    private static readonly char[] Separators = ['/', Path.DirectorySeparatorChar];

    private readonly string? _configuredRoot = string.IsNullOrWhiteSpace(modelRoot) ? null : Path.TrimEndingDirectorySeparator(Path.GetFullPath(modelRoot));
    private string? _root;

    public bool Confined => _configuredRoot is not null;

    /// <summary>The real folder of the bundle at <paramref name="requested"/>.</summary>
    /// <exception cref="DataFileException">Outside the root, missing, or not a folder.</exception>
    public string ResolveFolder(string requested)
    {
        if (_configuredRoot is null)
        {
            var full = Path.GetFullPath(requested);
            var kind = FileKinds.Of(full, followLinks: true);
            return kind switch
            {
                FileKind.Directory => full,
                FileKind.Missing => throw new DataFileException(full, "model bundle folder not found"),
                _ => throw new DataFileException(full, $"not a folder ({FileKinds.Describe(kind)})"),
            };
        }

        var root = Root();
        var components = Components(requested, root);
        if (components is null)
        {
            throw new DataFileException(requested, "not inside Index:ModelRoot");
        }

        var (path, found) = Walk(root, components, requested);
        return found == FileKind.Directory ? path : throw Refused(path, $"not a folder ({FileKinds.Describe(found)})");
    }

    /// <summary>Checks that <paramref name="name"/> in the resolved <paramref name="folder"/> is a regular file (inside the root).</summary>
    /// <exception cref="DataFileException">Missing, not a regular file, or a link leading outside the root.</exception>
    public void RequireFile(string folder, string name)
    {
        var path = Path.Join(folder, name);
        var kind = _configuredRoot is null ? FileKinds.Of(path, followLinks: true) : Walk(Root(), Components(path, Root())!, path).Kind;
        if (kind != FileKind.Regular)
        {
            throw Refused(path, kind == FileKind.Missing ? "file not found" : $"not a regular file ({FileKinds.Describe(kind)}); only regular files are opened");
        }
    }

    /// <summary>
    /// The kind of the saved graph beside the bundle. With a root a link is not followed (the graph is then
    /// rebuilt, and saving replaces the link itself, so nothing is written outside the root).
    /// </summary>
    public static FileKind GraphKind(string folder, bool confined) =>
        FileKinds.Of(Path.Join(folder, InnerProductIndex.GraphFileName), followLinks: !confined);

    /// <summary><paramref name="path"/> as errors name it: relative to the root when there is one.</summary>
    public string Display(string path) =>
        _root is { } root && (path == root || path.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            ? Path.GetRelativePath(root, path)
            : path;

    /// <summary>A <see cref="DataFileException"/> from reading the bundle, with its path as errors name it.</summary>
    public DataFileException Rename(DataFileException e) =>
        Confined ? new DataFileException(Display(e.FilePath), e.Fault, e) : e;

    private DataFileException Refused(string path, string fault) => new(Display(path), fault);

    /// <summary>The root's real path (the operator's own setting, so its links are followed freely).</summary>
    private string Root()
    {
        if (_root is not null)
        {
            return _root;
        }

        var info = new DirectoryInfo(_configuredRoot!);
        var real = info.LinkTarget is not null ? info.ResolveLinkTarget(returnFinalTarget: true)!.FullName : info.FullName;
        if (FileKinds.Of(real, followLinks: true) != FileKind.Directory)
        {
            throw new DataFileException(_configuredRoot!, "Index:ModelRoot is not a folder");
        }

        _root = Path.TrimEndingDirectorySeparator(real);
        return _root;
    }

    /// <summary>The components of <paramref name="path"/> below the root, or null when it is absolute and not under it.</summary>
    private string[]? Components(string path, string root)
    {
        if (!Path.IsPathRooted(path))
        {
            return path.Split(Separators, StringSplitOptions.RemoveEmptyEntries);
        }

        foreach (var prefix in new[] { root, _configuredRoot! })
        {
            if (path == prefix)
            {
                return [];
            }

            if (path.StartsWith(prefix, StringComparison.Ordinal) && Separators.Contains(path[prefix.Length]))
            {
                return path[prefix.Length..].Split(Separators, StringSplitOptions.RemoveEmptyEntries);
            }
        }

        return null;
    }

    private (string Path, FileKind Kind) Walk(string root, string[] components, string requested)
    {
        var pending = new Stack<string>(components.Reverse());
        var current = root;
        var kind = FileKind.Directory;
        var links = 0;
        string? lastLink = null;
        while (pending.TryPop(out var part))
        {
            if (part is "" or ".")
            {
                continue;
            }

            if (kind != FileKind.Directory)
            {
                throw Refused(current, $"not a folder ({FileKinds.Describe(kind)})");
            }

            if (part == "..")
            {
                if (current == root)
                {
                    throw lastLink is null ? new DataFileException(requested, "not inside Index:ModelRoot") : Refused(lastLink, "a symbolic link that leads outside Index:ModelRoot");
                }

                current = Path.GetDirectoryName(current)!;
                continue;
            }

            var next = Path.Join(current, part);
            var nextKind = FileKinds.Of(next, followLinks: false);
            if (nextKind == FileKind.Missing)
            {
                throw Refused(next, "not found");
            }

            if (nextKind != FileKind.SymbolicLink)
            {
                current = next;
                kind = nextKind;
                continue;
            }

            lastLink = next;
            if (++links > MaxLinks)
            {
                throw Refused(next, "too many levels of symbolic links");
            }

            var target = new FileInfo(next).LinkTarget ?? throw Refused(next, "not found");
            var targetComponents = Path.IsPathRooted(target) ? Components(target, root) : target.Split(Separators, StringSplitOptions.RemoveEmptyEntries);
            if (targetComponents is null)
            {
                throw Refused(next, "a symbolic link that leads outside Index:ModelRoot");
            }

            if (Path.IsPathRooted(target))
            {
                current = root;
            }

            for (var i = targetComponents.Length - 1; i >= 0; i--)
            {
                pending.Push(targetComponents[i]);
            }
        }

        return (current, kind);
    }
}
