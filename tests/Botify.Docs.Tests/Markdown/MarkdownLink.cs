namespace Botify.Docs.Tests.Markdown;

/// <summary>A link's target as written, and its line (1-based).</summary>
internal sealed record MarkdownLink(string Target, int Line);
