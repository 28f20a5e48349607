using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Botify.Deploy.Tests.Monitoring;

/// <summary>
/// The alerting rules: one source (the plain rules file; the PrometheusRule is its generated wrapper), valid for
/// promtool, each alert with a summary, a runbook section and a promtool unit test that makes it fire.
/// </summary>
public sealed class AlertRuleTests
{
    /// <summary>What the alerts must cover (docs/operations/alerts.md), each by the series it reads.</summary>
    private static readonly string[] Watched =
    [
        "botify_api_treatment_recommendations_total",
        "botify_index_model_loaded",
        "botify_index_reload_last_refused",
        "botify_api_request_duration_seconds_bucket",
        "botify_api_request_duration_seconds_count",
        "botify_api_events_dropped_total",
        "botify_api_events_queued",
        "botify_api_session_store_session_less_total",
        "botify_api_index_circuit_state",
        "botify_index_model_created_timestamp_seconds",
    ];

    [Test]
    public void PrometheusRule_Committed_IsTheGeneratorsOutputOfTheRulesFile()
    {
        var (exitCode, output, error) = Tool.Run("bash", MonitoringFiles.Generator);

        Assert.That(exitCode, Is.Zero, error);
        Assert.That(File.ReadAllText(MonitoringFiles.PrometheusRuleFile), Is.EqualTo(output),
            $"prometheus-rule.yaml differs from botify-rules.yaml wrapped: run `bash {MonitoringFiles.Folder}/prometheus-rule.sh > {MonitoringFiles.Folder}/prometheus-rule.yaml`");
    }

    [Test]
    public void PrometheusRule_Spec_HoldsTheSameGroupsAsTheRulesFile()
    {
        var wrapped = MonitoringFiles.Load(MonitoringFiles.PrometheusRuleFile);
        var spec = (YamlMappingNode)wrapped["spec"];

        Assert.That(MonitoringFiles.Scalar(wrapped, "kind"), Is.EqualTo("PrometheusRule"));
        Assert.That(MonitoringFiles.Canonical(spec["groups"]), Is.EqualTo(MonitoringFiles.Canonical(MonitoringFiles.Load(MonitoringFiles.RulesFile)["groups"])), "the same groups, rule for rule");
    }

    [Test]
    public void Promtool_CheckRules_AcceptsTheRulesFile()
    {
        var (exitCode, output, error) = Promtool("check", "rules", MonitoringFiles.RulesFile);

        Assert.That(exitCode, Is.Zero, output + error);
        Assert.That(output, Does.Contain($"SUCCESS: {MonitoringFiles.Rules().Count} rules found"));
    }

    [Test]
    public void Promtool_TestRules_EveryUnitTestPasses()
    {
        var (exitCode, output, error) = Promtool("test", "rules", MonitoringFiles.RuleTestsFile);

        Assert.That(exitCode, Is.Zero, output + error);
        Assert.That(output, Does.Contain("SUCCESS"));
    }

    [Test]
    public void Alerts_Every_HasASummaryDescriptionAndARunbookSectionThatSaysWhatToCheckAndDo()
    {
        var doc = File.ReadAllText(MonitoringFiles.AlertsDoc);
        var sections = Regex.Split(doc, @"^## ", RegexOptions.Multiline | RegexOptions.CultureInvariant)
            .Skip(1)
            .ToDictionary(section => section[..section.IndexOf('\n', StringComparison.Ordinal)].Trim(), StringComparer.Ordinal);

        Assert.That(MonitoringFiles.Rules(), Is.Not.Empty);
        foreach (var alert in MonitoringFiles.Rules())
        {
            Assert.That(alert.Name, Does.StartWith("Botify"), "alerts are named Botify*");
            Assert.That(alert.Annotations.GetValueOrDefault("summary"), Is.Not.Null.And.Not.Empty, $"{alert.Name}: summary");
            Assert.That(alert.Annotations.GetValueOrDefault("description"), Is.Not.Null.And.Not.Empty, $"{alert.Name}: description");
            Assert.That(alert.Annotations.GetValueOrDefault("runbook"), Is.EqualTo($"docs/operations/alerts.md#{alert.Name.ToLowerInvariant()}"), $"{alert.Name}: runbook");
            Assert.That(sections, Does.ContainKey(alert.Name), $"docs/operations/alerts.md has no '## {alert.Name}' section");
            foreach (var part in new[] { "What it means", "What to check", "What to do" })
            {
                Assert.That(sections[alert.Name], Does.Contain($"**{part}"), $"{alert.Name}'s runbook: '{part}'");
            }
        }

        Assert.That(sections.Keys.Where(k => k.StartsWith("Botify", StringComparison.Ordinal)), Is.EquivalentTo(MonitoringFiles.Rules().Select(r => r.Name)), "a runbook section per alert, none for an alert that is gone");
    }

    [Test]
    public void Alerts_Every_HasAUnitTestInWhichItFires()
    {
        var tests = MonitoringFiles.Load(MonitoringFiles.RuleTestsFile);
        var firing = MonitoringFiles.Sequence(tests, "tests")
            .SelectMany(test => MonitoringFiles.Sequence(test, "alert_rule_test"))
            .Where(check => check.Children.TryGetValue(new YamlScalarNode("exp_alerts"), out var expected)
                && expected is YamlSequenceNode { Children.Count: > 0 })
            .Select(check => MonitoringFiles.Scalar(check, "alertname"))
            .ToHashSet(StringComparer.Ordinal);

        Assert.That(((YamlSequenceNode)tests["rule_files"]).Children.Select(file => ((YamlScalarNode)file).Value), Is.EqualTo(new[] { "botify-rules.yaml" }));
        foreach (var alert in MonitoringFiles.Rules())
        {
            Assert.That(firing, Does.Contain(alert.Name), $"{alert.Name}: botify-rules.test.yaml has no test in which it fires");
        }
    }

    [Test]
    public void Alerts_Together_WatchEverySeriesTheIssueNames()
    {
        var read = MonitoringFiles.Rules().SelectMany(rule => MonitoringFiles.MetricNames(rule.Expr)).ToHashSet(StringComparer.Ordinal);

        Assert.That(read, Is.SupersetOf(Watched));
    }

    private static (int ExitCode, string Output, string Error) Promtool(params string[] arguments)
    {
        if (OnPath.Find("promtool") is null)
        {
            Assert.Ignore("promtool is not on PATH (Debian's prometheus package; .ci/run installs it): the rules are not checked here");
        }

        return Tool.Run("promtool", arguments);
    }
}
