using System.Text.RegularExpressions;

namespace Botify.Docs.Tests.Markdown;

/// <summary>
/// What the checks need of a Markdown page, read the way GitHub renders it: its headings with their anchors,
/// the links it makes outside code (inline, images, reference definitions, HTML <c>href</c>/<c>src</c>),
/// and the text below each heading.
/// </summary>
internal sealed partial class MarkdownPage
{
    private readonly string[] _lines;

    private MarkdownPage(string path, string[] lines)
    {
        Path = path;
        _lines = lines;
        var headings = new List<MarkdownHeading>();
        var links = new List<MarkdownLink>();
        var anchors = new HashSet<string>(StringComparer.Ordinal);
        var slugs = new Dictionary<string, int>(StringComparer.Ordinal);
        string? fence = null;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (FenceLine().Match(line) is { Success: true } open)
            {
                var marker = open.Groups["fence"].Value;
                if (fence is null)
                {
                    fence = marker;
                    continue;
                }

                if (marker[0] == fence[0] && marker.Length >= fence.Length && open.Groups["info"].Value.Trim().Length == 0)
                {
                    fence = null;
                    continue;
                }
            }

            if (fence is not null)
            {
                continue;
            }

            var text = WithoutCodeSpans(line);
            if (HeadingLine().Match(line) is { Success: true } heading)
            {
                var slug = Slug(heading.Groups["text"].Value);
                var anchor = slugs.TryGetValue(slug, out var seen) ? $"{slug}-{seen}" : slug;
                slugs[slug] = seen + 1;
                anchors.Add(anchor);
                headings.Add(new MarkdownHeading(heading.Groups["hashes"].Length, heading.Groups["text"].Value.Trim(), anchor, i + 1));
            }

            foreach (Match a in HtmlAnchor().Matches(text))
            {
                anchors.Add(a.Groups["id"].Value);
            }

            foreach (var regex in new[] { InlineLink(), ReferenceDefinition(), HtmlLink() })
            {
                foreach (Match link in regex.Matches(text))
                {
                    links.Add(new MarkdownLink(link.Groups["target"].Value, i + 1));
                }
            }
        }

        Headings = headings;
        Links = links;
        Anchors = anchors;
    }

    /// <summary>The page's path, relative to the checkout, with forward slashes.</summary>
    public string Path { get; }

    public IReadOnlyList<MarkdownHeading> Headings { get; }

    public IReadOnlyList<MarkdownLink> Links { get; }

    /// <summary>Every fragment a link may name: the headings' anchors and explicit <c>id</c>/<c>name</c> attributes.</summary>
    public IReadOnlySet<string> Anchors { get; }

    public static MarkdownPage Read(string root, string relativePath) =>
        new(relativePath.Replace('\\', '/'), File.ReadAllLines(System.IO.Path.Combine(root, relativePath)));

    /// <summary>The lines under <paramref name="heading"/>, up to the next heading of its level or above.</summary>
    public string Section(MarkdownHeading heading)
    {
        var next = Headings.FirstOrDefault(h => h.Line > heading.Line && h.Level <= heading.Level);
        var end = next?.Line - 1 ?? _lines.Length;
        return string.Join('\n', _lines[heading.Line..end]);
    }

    /// <summary>
    /// GitHub's anchor for a heading: the rendered text (code spans, links and tags reduced to their text),
    /// lower-cased, with every character but letters, digits, marks, underscores, hyphens and spaces removed,
    /// and each space made a hyphen. A repeated anchor gets <c>-1</c>, <c>-2</c>, … in page order.
    /// </summary>
    public static string Slug(string heading)
    {
        var text = LinkInText().Replace(heading, "${text}");
        text = HtmlTag().Replace(text, string.Empty).Replace("`", string.Empty, StringComparison.Ordinal).Trim().ToLowerInvariant();
        var kept = text.Where(c => char.IsLetterOrDigit(c) || c is '_' or '-' or ' '
            || char.GetUnicodeCategory(c) is System.Globalization.UnicodeCategory.NonSpacingMark or System.Globalization.UnicodeCategory.SpacingCombiningMark);
        return new string([.. kept]).Replace(' ', '-');
    }

    /// <summary>The line with its code spans blanked, so that a link or tag written as code is not read as one.</summary>
    private static string WithoutCodeSpans(string line) => CodeSpan().Replace(line, m => new string(' ', m.Length));

    [GeneratedRegex(@"^ {0,3}(?<fence>`{3,}|~{3,})(?<info>.*)$")]
    private static partial Regex FenceLine();

    [GeneratedRegex(@"^ {0,3}(?<hashes>#{1,6})[ \t]+(?<text>.*?)(?:[ \t]+#+)?[ \t]*$")]
    private static partial Regex HeadingLine();

    [GeneratedRegex(@"(?<ticks>`+)(?!`).*?(?<!`)\k<ticks>(?!`)")]
    private static partial Regex CodeSpan();

    [GeneratedRegex(@"!?\[(?:[^\[\]]|\[[^\[\]]*\])*\]\(\s*<?(?<target>[^\s()<>]+)>?(?:\s+""[^""]*"")?\s*\)")]
    private static partial Regex InlineLink();

    [GeneratedRegex(@"^ {0,3}\[[^\]]+\]:\s*<?(?<target>[^\s<>]+)>?")]
    private static partial Regex ReferenceDefinition();

    [GeneratedRegex(@"<(?:a|img)\b[^>]*?\b(?:href|src)\s*=\s*""(?<target>[^""]+)""", RegexOptions.IgnoreCase)]
    private static partial Regex HtmlLink();

    [GeneratedRegex(@"<a\b[^>]*?\b(?:id|name)\s*=\s*""(?<id>[^""]+)""", RegexOptions.IgnoreCase)]
    private static partial Regex HtmlAnchor();

    [GeneratedRegex(@"!?\[(?<text>[^\]]*)\]\([^)]*\)")]
    private static partial Regex LinkInText();

    [GeneratedRegex(@"<[^>]+>")]
    private static partial Regex HtmlTag();
}
