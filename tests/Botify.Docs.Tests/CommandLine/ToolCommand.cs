namespace Botify.Docs.Tests.CommandLine;

/// <summary>
/// One command of a tool as its <c>--help</c> shows it: the path a reader types (<c>Botify.Lab analyze</c>), the
/// command it belongs to (<c>Botify.Lab</c>; null for a tool's root), its options, each with its aliases
/// (<c>--day-episodes</c>, <c>--day2-episodes</c>), and its subcommands' names.
/// </summary>
internal sealed record ToolCommand(string Path, string? Parent, IReadOnlyList<IReadOnlyList<string>> Options, IReadOnlyList<string> Subcommands);
