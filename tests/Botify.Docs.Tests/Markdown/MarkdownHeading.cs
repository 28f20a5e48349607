namespace Botify.Docs.Tests.Markdown;

/// <summary>A heading: its level (1 for <c>#</c>), its source text, its anchor and its line (1-based).</summary>
internal sealed record MarkdownHeading(int Level, string Text, string Anchor, int Line);
