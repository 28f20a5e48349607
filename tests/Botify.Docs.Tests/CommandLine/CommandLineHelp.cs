using System.Reflection;
using System.Text.RegularExpressions;

namespace Botify.Docs.Tests.CommandLine;

/// <summary>
/// The command lines of Botify's tools, read from the tools themselves: each tool's entry point is run in this
/// process with <c>--help</c> (System.CommandLine prints every option with its aliases, and the subcommands,
/// which are read the same way in turn), so the docs are held to what the code defines, not to a second list.
/// </summary>
internal static partial class CommandLineHelp
{
    /// <summary>
    /// Services whose bare command line is configuration (<c>--Section:Key=value</c>, which starts the server):
    /// their System.CommandLine commands are reached through this leading word.
    /// </summary>
    private static readonly Dictionary<string, string> ServiceTools = new(StringComparer.Ordinal)
    {
        ["Botify.Index"] = "generate-model",
    };

    private static readonly HashSet<string> BuiltIn = new(StringComparer.Ordinal) { "-?", "-h", "--help", "--version" };

    private static readonly Lock ConsoleLock = new();

    /// <summary>
    /// Botify's assemblies beside the tests that have an entry point and use System.CommandLine; a service (a
    /// Web SDK project) counts only through <see cref="ServiceTools"/>, so that its server is never started.
    /// </summary>
    public static IReadOnlyList<Assembly> Tools(out IReadOnlyList<string> unreachable)
    {
        var tools = new List<Assembly>();
        var skipped = new List<string>();
        foreach (var file in Directory.EnumerateFiles(AppContext.BaseDirectory, "Botify.*.dll").Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileNameWithoutExtension(file);
            if (name.EndsWith(".Tests", StringComparison.Ordinal))
            {
                continue;
            }

            var assembly = Assembly.Load(new AssemblyName(name));
            var references = assembly.GetReferencedAssemblies().Select(a => a.Name ?? string.Empty).ToList();
            if (assembly.EntryPoint is null || !references.Contains("System.CommandLine"))
            {
                continue;
            }

            if (IsWebProject(name) && !ServiceTools.ContainsKey(name))
            {
                skipped.Add(name);
                continue;
            }

            tools.Add(assembly);
        }

        unreachable = skipped;
        return tools;
    }

    /// <summary>Whether the checkout's project of that name is an ASP.NET Core application (<c>Sdk="Microsoft.NET.Sdk.Web"</c>).</summary>
    private static bool IsWebProject(string name) =>
        Directory.EnumerateFiles(Checkout.Root, name + ".csproj", new EnumerationOptions { RecurseSubdirectories = true, MaxRecursionDepth = 2 })
            .Any(project => File.ReadAllText(project).Contains("Sdk=\"Microsoft.NET.Sdk.Web\"", StringComparison.Ordinal));

    /// <summary>Every command of <paramref name="tool"/>, its root first, then each subcommand depth first.</summary>
    public static IReadOnlyList<ToolCommand> Commands(Assembly tool)
    {
        var name = tool.GetName().Name!;
        var start = ServiceTools.TryGetValue(name, out var verb) ? new[] { verb } : [];
        var commands = new List<ToolCommand>();
        Walk(tool, name, start, parent: null, commands);
        return commands;
    }

    private static void Walk(Assembly tool, string name, string[] arguments, string? parent, List<ToolCommand> commands)
    {
        var command = Parse(string.Join(' ', [name, .. arguments]), parent, Help(tool, arguments));
        commands.Add(command);
        foreach (var subcommand in command.Subcommands)
        {
            Walk(tool, name, [.. arguments, subcommand], command.Path, commands);
        }
    }

    /// <summary>What <c>TOOL ARGUMENTS --help</c> prints, run through the tool's entry point in this process.</summary>
    private static string Help(Assembly tool, string[] arguments)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        object? exit;
        lock (ConsoleLock)
        {
            var (oldOut, oldError) = (Console.Out, Console.Error);
            Console.SetOut(output);
            Console.SetError(error);
            try
            {
                exit = tool.EntryPoint!.Invoke(null, [(string[])[.. arguments, "--help"]]);
                if (exit is Task<int> task)
                {
                    exit = task.GetAwaiter().GetResult();
                }
            }
            finally
            {
                Console.SetOut(oldOut);
                Console.SetError(oldError);
            }
        }

        var text = output.ToString();
        return exit is 0 && text.Contains("Usage:", StringComparison.Ordinal)
            ? text
            : throw new InvalidOperationException($"{tool.GetName().Name} {string.Join(' ', arguments)} --help exited {exit}: {error}{text}");
    }

    /// <summary>Reads the Options and Commands sections of a help text; <c>--help</c> and <c>--version</c> are left out.</summary>
    internal static ToolCommand Parse(string path, string? parent, string help)
    {
        var options = new List<IReadOnlyList<string>>();
        var subcommands = new List<string>();
        string? section = null;
        foreach (var line in help.ReplaceLineEndings("\n").Split('\n'))
        {
            if (line.Length > 0 && !char.IsWhiteSpace(line[0]))
            {
                section = line.TrimEnd();
                continue;
            }

            // An entry starts two spaces in; a description wrapped onto further lines starts deeper.
            if (line.Length < 3 || !line.StartsWith("  ", StringComparison.Ordinal) || char.IsWhiteSpace(line[2]))
            {
                continue;
            }

            var column = ColumnGap().Split(line[2..], 2)[0];
            if (section == "Options:")
            {
                var names = OptionName().Matches(Placeholder().Replace(column, string.Empty)).Select(m => m.Value).Where(n => !BuiltIn.Contains(n)).ToList();
                if (names.Count > 0)
                {
                    options.Add(names);
                }
            }
            else if (section == "Commands:")
            {
                subcommands.Add(Placeholder().Replace(column, string.Empty).Split(',', StringSplitOptions.TrimEntries)[0].Trim());
            }
        }

        return new ToolCommand(path, parent, options, subcommands);
    }

    [GeneratedRegex(@"\s{2,}")]
    private static partial Regex ColumnGap();

    [GeneratedRegex(@"<[^>]*>|\(REQUIRED\)")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"(?<![\w-])--?[\w?][\w-]*")]
    private static partial Regex OptionName();
}
