namespace Botify.Docs.Tests.Configuration;

/// <summary>A C# file of the checkout: its path (relative, forward slashes) and its text.</summary>
internal sealed record SourceFile(string Path, string Text);
