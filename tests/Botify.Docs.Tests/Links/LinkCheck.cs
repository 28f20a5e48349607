using System.Text.RegularExpressions;
using Botify.Docs.Tests.Markdown;

namespace Botify.Docs.Tests.Links;

/// <summary>
/// Finds the relative links of Markdown pages that lead nowhere: to a file or folder that is not in the
/// checkout (or lies outside it), or to an anchor that no heading of the target page makes. Links with a
/// scheme (<c>https:</c>, <c>mailto:</c>) are the web's and are not followed.
/// </summary>
internal static partial class LinkCheck
{
    /// <summary>The pages whose links are checked: README.md, CHANGELOG.md and every page under docs/.</summary>
    public static IReadOnlyList<string> Pages(string root) =>
    [
        "README.md",
        "CHANGELOG.md",
        .. Directory.EnumerateFiles(Path.Combine(root, "docs"), "*.md", SearchOption.AllDirectories)
            .Select(file => Path.GetRelativePath(root, file).Replace('\\', '/'))
            .Order(StringComparer.Ordinal),
    ];

    /// <summary>One line per broken link: <c>page:line: target: what is wrong</c>.</summary>
    public static IEnumerable<string> Broken(string root, IEnumerable<string> pages)
    {
        var rootPath = Path.GetFullPath(root);
        var read = new Dictionary<string, MarkdownPage>(StringComparer.Ordinal);
        MarkdownPage PageAt(string relative) => read.TryGetValue(relative, out var page) ? page : read[relative] = MarkdownPage.Read(rootPath, relative);

        foreach (var relative in pages)
        {
            var page = PageAt(relative);
            foreach (var link in page.Links)
            {
                if (Problem(rootPath, page, link.Target, PageAt) is { } problem)
                {
                    yield return $"{page.Path}:{link.Line}: {link.Target}: {problem}";
                }
            }
        }
    }

    private static string? Problem(string root, MarkdownPage page, string target, Func<string, MarkdownPage> pageAt)
    {
        if (Scheme().IsMatch(target) || target.StartsWith("//", StringComparison.Ordinal))
        {
            return null;
        }

        var hash = target.IndexOf('#', StringComparison.Ordinal);
        var path = Uri.UnescapeDataString(hash < 0 ? target : target[..hash]);
        var fragment = hash < 0 ? string.Empty : Uri.UnescapeDataString(target[(hash + 1)..]);
        string full;
        if (path.Length == 0)
        {
            full = Path.Combine(root, page.Path);
        }
        else
        {
            var from = path.StartsWith('/') ? root : Path.GetDirectoryName(Path.Combine(root, page.Path))!;
            full = Path.GetFullPath(Path.Combine(from, path.TrimStart('/')));
        }

        if (!full.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal) && full != root)
        {
            return "outside the repository";
        }

        if (!File.Exists(full) && !Directory.Exists(full))
        {
            return "no such file or folder";
        }

        if (fragment.Length == 0 || !full.EndsWith(".md", StringComparison.OrdinalIgnoreCase) || !File.Exists(full))
        {
            return null;
        }

        var targetPage = pageAt(Path.GetRelativePath(root, full).Replace('\\', '/'));
        return targetPage.Anchors.Contains(fragment) ? null : $"no heading of {targetPage.Path} has the anchor #{fragment}";
    }

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9+.-]*:")]
    private static partial Regex Scheme();
}
