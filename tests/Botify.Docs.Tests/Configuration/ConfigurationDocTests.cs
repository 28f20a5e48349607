using System.Reflection;
using System.Text.RegularExpressions;

namespace Botify.Docs.Tests.Configuration;

/// <summary>
/// docs/operations/configuration.md names every setting the services read, so a new setting cannot ship
/// undocumented. The settings are read from the code: the options classes (by their <c>Section</c> constant, and
/// by every binding call in the source), the keys read directly, and the objects the Lab fills from
/// <c>--train KEY=VALUE</c>.
/// </summary>
public sealed class ConfigurationDocTests
{
    private const string DocPath = "docs/operations/configuration.md";

    private static readonly Lazy<Assembly[]> Botify = new(() =>
    [
        .. Directory.EnumerateFiles(AppContext.BaseDirectory, "Botify.*.dll")
            .Select(Path.GetFileNameWithoutExtension)
            .Where(name => !name!.EndsWith(".Tests", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(name => Assembly.Load(new AssemblyName(name!))),
    ]);

    /// <summary>Botify's types and the public types of the Microsoft.Extensions assemblies Botify references, by simple name.</summary>
    private static readonly Lazy<ILookup<string, Type>> Types = new(() => Botify.Value.SelectMany(LoadableTypes)
        .Concat(Botify.Value.SelectMany(a => a.GetReferencedAssemblies())
            .Where(a => a.Name?.StartsWith("Microsoft.Extensions.", StringComparison.Ordinal) == true)
            .DistinctBy(a => a.Name)
            .SelectMany(a => Assembly.Load(a).GetExportedTypes()))
        .ToLookup(t => t.Name, StringComparer.Ordinal));

    private static readonly Lazy<IReadOnlyList<SourceFile>> Source = new(() => ConfigurationSource.Files(Checkout.Root));

    [Test]
    public void OptionsClasses_BothServices_AreFound()
    {
        var classes = BoundSettings.OptionsClasses(Services());

        Assert.That(classes.Select(t => t.Assembly.GetName().Name).Distinct(), Is.SupersetOf(new[] { "Botify.Api", "Botify.Index" }), "an options class with a Section constant in Botify.Api and in Botify.Index");
        Assert.That(classes.Select(BoundSettings.Section), Does.Contain("Api").And.Contain("Index").And.Contain("Experiment"));
    }

    [Test]
    public void Source_EveryBinding_NamesATypeAndSectionFound()
    {
        var bindings = ConfigurationSource.Bindings(Source.Value).ToList();

        var unresolved = bindings
            .Where(b => FindType(b.Type) is null || b.Section is null || ConfigurationSource.SectionName(b.Section, SectionConstant) is null)
            .Select(b => $"{b.File}: {b.Type} bound to {b.Section ?? "?"}")
            .ToList();

        Assert.That(bindings.Select(b => b.Type), Does.Contain("IndexOptions").And.Contain("HostOptions"), "the services' AddOptions/Configure calls with a configuration section");
        Assert.That(unresolved, Is.Empty, Missing.Listed("bindings whose options type or section this test cannot resolve, so it cannot list their keys", unresolved));
    }

    [Test]
    public void ConfigurationMd_EveryBoundSetting_IsNamed()
    {
        var doc = File.ReadAllText(Checkout.File(DocPath));

        var missing = BoundKeys()
            .Where(setting => !Names(doc, setting.Key))
            .Select(setting => $"{setting.Key} ({setting.From})")
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.That(missing, Is.Empty, Missing.Listed($"settings the code reads but {DocPath} does not name (add each with its default and range)", missing));
    }

    [Test]
    public void ConfigurationMd_EveryTrainKey_IsNamedAsCode()
    {
        var doc = File.ReadAllText(Checkout.File(DocPath));
        var objects = ConfigurationSource.ObjectBindings(Source.Value).ToList();

        var missing = objects
            .SelectMany(o => BoundSettings.Keys(FindType(o.Type) ?? throw new AssertionException($"{o.File}: type {o.Type} not found"), string.Empty).Select(key => (Key: key, o.Type)))
            .Where(k => !Regex.IsMatch(doc, $"`{Regex.Escape(k.Key)}(?:=[^`]*)?`", RegexOptions.CultureInvariant))
            .Select(k => $"{k.Key} ({k.Type})")
            .ToList();

        Assert.That(objects.Select(o => o.Type), Does.Contain("TrainerOptions"), "the Lab's --train KEY=VALUE fills TrainerOptions");
        Assert.That(missing, Is.Empty, Missing.Listed($"keys of objects bound from KEY=VALUE pairs (the Lab's --train) that {DocPath} does not name in backticks", missing));
    }

    [TestCase("`Index:M` | 16", "Index:M", ExpectedResult = true)]
    [TestCase("`Index:MaxBatchCost` | 200000", "Index:M", ExpectedResult = false)]
    [TestCase("`Experiment:Labels:NAME:0`", "Experiment:Labels", ExpectedResult = true)]
    [TestCase("`EventLog:JetStream:Url`", "JetStream:Url", ExpectedResult = false)]
    public bool Names_KeyInText_MatchesWholeKeysOnly(string text, string key) => Names(text, key);

    [Test]
    public void Source_BindingsAndDirectKeys_AreRead()
    {
        SourceFile[] files =
        [
            new("A.cs", """
                const string OwnKey = "Own:Key";
                const string Category = "Some.Category";
                services.AddOptions<FooOptions>()
                    .Bind(configuration.GetSection(FooOptions.Section)).ValidateOnStart();
                services.Configure<HostOptions>(configuration.GetSection("HostOptions"));
                services.Configure<BarOptions>(o => o.X = 1);
                _ = configuration["Literal:Key"] ?? builder.Configuration[OwnKey] ?? configuration[$"Logging:LogLevel:{Category}"] ?? configuration[key];
                var options = new TrainerOptions();
                new ConfigurationBuilder().Build().Bind(options, o => o.ErrorOnUnknownConfiguration = true);
                """),
        ];

        Assert.That(ConfigurationSource.Bindings(files).Select(b => (b.Type, b.Section)), Is.EqualTo(new[] { ("FooOptions", (string?)"FooOptions.Section"), ("HostOptions", "\"HostOptions\"") }));
        Assert.That(ConfigurationSource.DirectKeys(files).Select(k => k.Key), Is.EqualTo(new[] { "Literal:Key", "Own:Key", "Logging:LogLevel:Some.Category" }));
        Assert.That(ConfigurationSource.ObjectBindings(files).Select(b => b.Type), Is.EqualTo(new[] { "TrainerOptions" }));
    }

    /// <summary>Every key the code reads and what it comes from.</summary>
    private static IEnumerable<(string Key, string From)> BoundKeys()
    {
        foreach (var options in BoundSettings.OptionsClasses(Services()))
        {
            foreach (var key in BoundSettings.Keys(options))
            {
                yield return (key, options.FullName!);
            }
        }

        foreach (var (file, typeName, section) in ConfigurationSource.Bindings(Source.Value))
        {
            if (FindType(typeName) is { } type && section is not null && ConfigurationSource.SectionName(section, SectionConstant) is { } name)
            {
                foreach (var key in BoundSettings.Keys(type, name))
                {
                    yield return (key, $"{type.FullName}, bound in {file}");
                }
            }
        }

        foreach (var (file, key) in ConfigurationSource.DirectKeys(Source.Value))
        {
            yield return (key, $"read in {file}");
        }
    }

    /// <summary>The services' assemblies and the one they share.</summary>
    private static Assembly[] Services() => [.. Botify.Value.Where(a => a.GetName().Name is "Botify.Api" or "Botify.Index" or "Botify.Shared")];

    /// <summary>A type by the name the source writes, among Botify's assemblies and the framework assemblies they reference.</summary>
    private static Type? FindType(string written)
    {
        var name = written[(written.LastIndexOf('.') + 1)..];
        return Types.Value[name].FirstOrDefault(t => written == name || t.FullName?.EndsWith("." + written, StringComparison.Ordinal) == true);
    }

    private static IEnumerable<Type> LoadableTypes(Assembly assembly)
    {
        try
        {
            return assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException e)
        {
            return e.Types.OfType<Type>();
        }
    }

    /// <summary>The value of a <c>Type.Section</c> expression.</summary>
    private static string? SectionConstant(string expression) =>
        expression.Split('.') is [.. var type, "Section"] && FindType(string.Join('.', type)) is { } found ? BoundSettings.Section(found) : null;

    /// <summary>Whether <paramref name="doc"/> names <paramref name="key"/> whole: not as the start of a longer name, nor as the end of a longer key.</summary>
    private static bool Names(string doc, string key) =>
        Regex.IsMatch(doc, $@"(?<![\w:.]){Regex.Escape(key)}(?!\w)", RegexOptions.CultureInvariant);
}
