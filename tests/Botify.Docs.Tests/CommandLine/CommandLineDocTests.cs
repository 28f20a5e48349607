using System.Text.RegularExpressions;
using Botify.Docs.Tests.Markdown;

namespace Botify.Docs.Tests.CommandLine;

/// <summary>
/// docs/operations/configuration.md documents every command of every tool under a heading that starts with the
/// command as code (<c>### `Botify.Lab analyze`</c>), and every option and alias of that command in its section,
/// or, for an option a subcommand shares with its parent, in the parent's. The commands and options are read
/// from the tools' own <c>--help</c>.
/// </summary>
public sealed class CommandLineDocTests
{
    private const string DocPath = "docs/operations/configuration.md";

    private static readonly Lazy<IReadOnlyList<ToolCommand>> Commands = new(() =>
        [.. CommandLineHelp.Tools(out _).SelectMany(CommandLineHelp.Commands)]);

    [Test]
    public void Tools_EveryCommandLine_IsRead()
    {
        var tools = CommandLineHelp.Tools(out var unreachable).Select(t => t.GetName().Name).ToList();

        Assert.That(unreachable, Is.Empty, "services that use System.CommandLine but name no leading word in CommandLineHelp.ServiceTools: their commands cannot be read without starting the server");
        Assert.That(tools, Is.SupersetOf(new[] { "Botify.Benchmarks", "Botify.Index", "Botify.Lab", "Botify.Sim", "Botify.Train" }));
        Assert.That(Commands.Value.Where(c => c.Options.Count == 0 && c.Subcommands.Count == 0).Select(c => c.Path), Is.Empty, "commands whose help listed no option and no subcommand (the help was not read)");
    }

    [Test]
    public void ConfigurationMd_EveryCommandAndOption_IsDocumented()
    {
        var page = MarkdownPage.Read(Checkout.Root, DocPath);
        var byPath = Commands.Value.ToDictionary(c => c.Path, StringComparer.Ordinal);

        var missing = new List<string>();
        foreach (var command in Commands.Value)
        {
            if (Section(page, command.Path) is not { } section)
            {
                missing.Add($"{command.Path}: no heading starting with `{command.Path}`");
                continue;
            }

            var parent = command.Parent is null ? null : byPath[command.Parent];
            var parentSection = command.Parent is null ? null : Section(page, command.Parent);
            var undocumented = command.Options.SelectMany(names => names)
                .Where(name => !Names(section, name)
                    && !(parentSection is not null && parent!.Options.Any(o => o.Contains(name)) && Names(parentSection, name)))
                .ToList();
            if (undocumented.Count > 0)
            {
                missing.Add($"{command.Path}: {string.Join(", ", undocumented)}");
            }
        }

        Assert.That(missing, Is.Empty, Missing.Listed($"commands and options the tools define but {DocPath} does not document under the command's heading", missing));
    }

    [Test]
    public void Parse_HelpText_ReadsOptionsAliasesAndCommands()
    {
        const string help = """
            Description:
              A tool.

            Usage:
              Tool [command] [options]

            Options:
              --out <out> (REQUIRED)                          Folder to write into,
                                                              wrapped onto a second line --not-an-option.
              --day-episodes, --day2-episodes <day-episodes>  Sessions. [default: 20000]
              --context <first|previous>                      Context. [default: first]
              -?, -h, --help                                  Show help and usage information
              --version                                       Show version information

            Commands:
              sweep    The main job, swept.
              analyze  The report.
            """;

        var command = CommandLineHelp.Parse("Tool", null, help);

        Assert.That(command.Options, Is.EqualTo(new[] { new[] { "--out" }, ["--day-episodes", "--day2-episodes"], ["--context"] }));
        Assert.That(command.Subcommands, Is.EqualTo(new[] { "sweep", "analyze" }));
    }

    /// <summary>The text under the heading whose first code span is <paramref name="path"/>.</summary>
    private static string? Section(MarkdownPage page, string path) =>
        page.Headings.FirstOrDefault(h => h.Text.StartsWith($"`{path}`", StringComparison.Ordinal)) is { } heading ? page.Section(heading) : null;

    private static bool Names(string text, string option) =>
        Regex.IsMatch(text, $@"(?<![\w-]){Regex.Escape(option)}(?![\w-])", RegexOptions.CultureInvariant);
}
