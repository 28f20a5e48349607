
using System.Reflection;
using System.Text.RegularExpressions;

namespace Botify.Deploy.Tests.Configuration;

/// <summary>docs/operations/configuration.md names every setting the services bind, so a new setting cannot ship undocumented.</summary>
public sealed class ConfigurationDocTests
{
    private static readonly Assembly[] Services =
    [
        typeof(Botify.Api.ApiApp).Assembly,
        typeof(Botify.Index.IndexApp).Assembly,
        typeof(Botify.Shared.Telemetry.ServiceTelemetry).Assembly,
    ];

    [Test]
    public void OptionsClasses_BothServices_AreFound()
    {
        var classes = BoundSettings.OptionsClasses(Services);

        Assert.That(classes.Select(t => t.Assembly).Distinct(), Is.SupersetOf(Services.Take(2)), "an options class with a Section constant in Botify.Api and in Botify.Index");
        Assert.That(classes.Select(BoundSettings.Section), Does.Contain("Api").And.Contain("Index").And.Contain("Experiment"));
    }

    [Test]
    public void ConfigurationMd_EveryBoundSetting_IsNamed()
    {
        var doc = File.ReadAllText(Checkout.File(Path.Combine("docs", "operations", "configuration.md")));

        var missing = BoundSettings.OptionsClasses(Services)
            .SelectMany(options => BoundSettings.Keys(options).Select(key => (key, options)))
            .Where(setting => !Names(doc, setting.key))
            .Select(setting => $"{setting.key} ({setting.options.FullName})")
            .Distinct(StringComparer.Ordinal)
            .ToList();

        Assert.That(missing, Is.Empty, "settings bound from configuration but not named in docs/operations/configuration.md (add each with its default and range)");
    }

    [TestCase("`Index:M` | 16", "Index:M", ExpectedResult = true)]
    [TestCase("`Index:MaxBatchCost` | 200000", "Index:M", ExpectedResult = false)]
    [TestCase("`Experiment:Labels:NAME:0`", "Experiment:Labels", ExpectedResult = true)]
    [TestCase("`EventLog:JetStream:Url`", "JetStream:Url", ExpectedResult = false)]
    public bool Names_KeyInText_MatchesWholeKeysOnly(string text, string key) => Names(text, key);

    /// <summary>Whether <paramref name="doc"/> names <paramref name="key"/> whole: not as the start of a longer name, nor as the end of a longer key.</summary>
    private static bool Names(string doc, string key) =>
        Regex.IsMatch(doc, $@"(?<![\w:.]){Regex.Escape(key)}(?!\w)", RegexOptions.CultureInvariant);
}
