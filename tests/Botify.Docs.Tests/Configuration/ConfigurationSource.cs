using System.Text.RegularExpressions;

namespace Botify.Docs.Tests.Configuration;

/// <summary>
/// How the services read their configuration, read from their source: each options class bound to a section
/// (<c>AddOptions&lt;T&gt;().Bind(configuration.GetSection(T.Section))</c>, <c>BindConfiguration("S")</c>,
/// <c>Configure&lt;T&gt;(configuration.GetSection("S"))</c>), and each key read directly
/// (<c>configuration["Key"]</c>, or through a string constant, interpolated ones included).
/// </summary>
internal static partial class ConfigurationSource
{
    /// <summary>The C# files of the products: every project folder of the checkout but tests/ and build output.</summary>
    public static IReadOnlyList<SourceFile> Files(string root) =>
    [
        .. Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
            .Select(file => Path.GetRelativePath(root, file).Replace('\\', '/'))
            .Where(file => !file.StartsWith("tests/", StringComparison.Ordinal)
                && !file.Split('/').Any(part => part is "bin" or "obj"))
            .Order(StringComparer.Ordinal)
            .Select(file => new SourceFile(file, File.ReadAllText(Path.Combine(root, file)))),
    ];

    /// <summary>Every options type bound from a configuration section: the type's name as written and the section expression.</summary>
    public static IEnumerable<(string File, string Type, string? Section)> Bindings(IEnumerable<SourceFile> files)
    {
        foreach (var file in files)
        {
            foreach (Match call in OptionsCall().Matches(file.Text))
            {
                // The call's statement: up to the semicolon that ends it.
                var end = file.Text.IndexOf(';', call.Index);
                var statement = file.Text[call.Index..(end < 0 ? file.Text.Length : end)];
                if (SectionArgument().Match(statement) is { Success: true } section)
                {
                    yield return (file.Path, call.Groups["type"].Value, section.Groups["section"].Value.Trim());
                }
            }
        }
    }

    /// <summary>
    /// Every options object filled from a configuration built on the spot, <c>var options = new T(); ….Bind(options)</c>
    /// (the Lab's <c>--train KEY=VALUE</c>): the type's name as written. Its keys carry no section.
    /// </summary>
    public static IEnumerable<(string File, string Type)> ObjectBindings(IEnumerable<SourceFile> files)
    {
        foreach (var file in files)
        {
            var declared = NewObject().Matches(file.Text)
                .GroupBy(m => m.Groups["variable"].Value, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.First().Groups["type"].Value, StringComparer.Ordinal);
            foreach (Match bind in BindObject().Matches(file.Text))
            {
                if (declared.TryGetValue(bind.Groups["variable"].Value, out var type))
                {
                    yield return (file.Path, type);
                }
            }
        }
    }

    /// <summary>Every key read straight from the configuration by a literal or a string constant (interpolated constants filled in).</summary>
    public static IEnumerable<(string File, string Key)> DirectKeys(IReadOnlyList<SourceFile> files)
    {
        var constants = files.SelectMany(f => StringConstant().Matches(f.Text))
            .GroupBy(m => m.Groups["name"].Value, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First().Groups["value"].Value, StringComparer.Ordinal);
        foreach (var file in files)
        {
            foreach (Match read in IndexerRead().Matches(file.Text))
            {
                var key = read.Groups["literal"].Success ? read.Groups["literal"].Value
                    : read.Groups["interpolated"].Success ? Interpolate(read.Groups["interpolated"].Value, constants)
                    : constants.GetValueOrDefault(read.Groups["name"].Value);
                if (key is not null)
                {
                    yield return (file.Path, key);
                }
            }
        }
    }

    /// <summary>The value of <paramref name="expression"/> as a section name: a literal, or a <c>Type.Section</c> constant found by <paramref name="constant"/>.</summary>
    public static string? SectionName(string expression, Func<string, string?> constant) =>
        expression.StartsWith('"') && expression.EndsWith('"') ? expression[1..^1] : constant(expression);

    private static string? Interpolate(string text, Dictionary<string, string> constants)
    {
        var unresolved = false;
        var value = Hole().Replace(text, hole =>
        {
            if (constants.TryGetValue(hole.Groups["name"].Value, out var constant))
            {
                return constant;
            }

            unresolved = true;
            return hole.Value;
        });
        return unresolved ? null : value;
    }

    [GeneratedRegex(@"\b(?:AddOptions|Configure)<(?<type>[\w.]+)>")]
    private static partial Regex OptionsCall();

    [GeneratedRegex(@"\)\.Bind\(\s*(?<variable>[a-z]\w*)\s*[,)]")]
    private static partial Regex BindObject();

    [GeneratedRegex(@"\bvar\s+(?<variable>\w+)\s*=\s*new\s+(?<type>[\w.]+)\(\s*\)")]
    private static partial Regex NewObject();

    [GeneratedRegex(@"(?:GetSection|BindConfiguration)\(\s*(?<section>""[^""]*""|[\w.]+)\s*\)")]
    private static partial Regex SectionArgument();

    [GeneratedRegex(@"[Cc]onfiguration\[\s*(?:""(?<literal>[^""]+)""|\$""(?<interpolated>[^""]+)""|(?<name>[A-Z]\w*))\s*\]")]
    private static partial Regex IndexerRead();

    [GeneratedRegex(@"\bconst\s+string\s+(?<name>\w+)\s*=\s*""(?<value>[^""]*)""")]
    private static partial Regex StringConstant();

    [GeneratedRegex(@"\{(?<name>\w+)\}")]
    private static partial Regex Hole();
}
