using System.Text.Json;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Botify.Deploy.Tests.Monitoring;

/// <summary>The optional monitoring component's files (k8s/components/monitoring): the alerting rules, their unit tests and the dashboards.</summary>
internal static class MonitoringFiles
{
    public const string Folder = "k8s/components/monitoring";

    public static string RulesFile => Checkout.File(Path.Combine(Folder, "botify-rules.yaml"));

    public static string RuleTestsFile => Checkout.File(Path.Combine(Folder, "botify-rules.test.yaml"));

    public static string PrometheusRuleFile => Checkout.File(Path.Combine(Folder, "prometheus-rule.yaml"));

    public static string Generator => Checkout.File(Path.Combine(Folder, "prometheus-rule.sh"));

    public static string AlertsDoc => Checkout.File("docs/operations/alerts.md");

    public static IEnumerable<string> DashboardFiles =>
        Directory.EnumerateFiles(Checkout.File(Path.Combine(Folder, "dashboards")), "*.json").Order(StringComparer.Ordinal);

    /// <summary>Every rule of the plain rules file: its alert (or record) name, expression and annotations.</summary>
    public static IReadOnlyList<AlertRule> Rules()
    {
        var root = Load(RulesFile);
        return [.. Sequence(root, "groups").SelectMany(group => Sequence(group, "rules")).Select(rule => new AlertRule(
            Scalar(rule, "alert") ?? Scalar(rule, "record") ?? string.Empty,
            Scalar(rule, "expr") ?? string.Empty,
            rule.Children.TryGetValue(new YamlScalarNode("annotations"), out var annotations)
                ? ((YamlMappingNode)annotations).Children.ToDictionary(p => ((YamlScalarNode)p.Key).Value!, p => ((YamlScalarNode)p.Value).Value ?? string.Empty, StringComparer.Ordinal)
                : new Dictionary<string, string>(StringComparer.Ordinal)))];
    }

    /// <summary>Every dashboard panel that queries Prometheus: its dashboard, title and expressions.</summary>
    public static IReadOnlyList<DashboardPanel> Panels() =>
        [.. DashboardFiles.SelectMany(file =>
        {
            using var json = JsonDocument.Parse(File.ReadAllText(file));
            var dashboard = json.RootElement.GetProperty("title").GetString()!;
            return json.RootElement.GetProperty("panels").EnumerateArray()
                .Where(panel => panel.GetProperty("type").GetString() != "row")
                .Select(panel => new DashboardPanel(
                    Path.GetFileName(file),
                    dashboard,
                    panel.GetProperty("title").GetString()!,
                    [.. panel.TryGetProperty("targets", out var targets) ? targets.EnumerateArray().Select(t => t.GetProperty("expr").GetString() ?? string.Empty) : []]))
                .ToList();
        })];

    /// <summary>
    /// The metric names an expression reads: what is left of its identifiers once string literals, label matchers,
    /// ranges and grouping clauses are taken out, less functions (followed by a parenthesis) and keywords.
    /// </summary>
    public static IEnumerable<string> MetricNames(string expr)
    {
        var bare = Regex.Replace(expr, "\"[^\"]*\"", string.Empty, RegexOptions.CultureInvariant);
        bare = Regex.Replace(bare, @"\{[^}]*\}|\[[^\]]*\]", " ", RegexOptions.CultureInvariant);
        bare = Regex.Replace(bare, @"\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)", " ", RegexOptions.CultureInvariant);
        return Regex.Matches(bare, @"(?<![\w.])[a-zA-Z_:][a-zA-Z0-9_:]*\b(?!\s*\()", RegexOptions.CultureInvariant)
            .Select(m => m.Value)
            .Where(name => !Keywords.Contains(name))
            .Distinct(StringComparer.Ordinal);
    }

    public static YamlMappingNode Load(string file)
    {
        using var reader = new StreamReader(file);
        var yaml = new YamlStream();
        yaml.Load(reader);
        return (YamlMappingNode)yaml.Documents.Single().RootNode;
    }

    /// <summary>A YAML tree as one string (mapping keys sorted: kustomize sorts them), so two trees compare by content.</summary>
    public static string Canonical(YamlNode node) => node switch
    {
        YamlScalarNode scalar => "'" + scalar.Value + "'",
        YamlSequenceNode sequence => "[" + string.Join(",", sequence.Children.Select(Canonical)) + "]",
        YamlMappingNode mapping => "{" + string.Join(",", mapping.Children.Select(pair => Canonical(pair.Key) + ":" + Canonical(pair.Value)).Order(StringComparer.Ordinal)) + "}",
        _ => node.ToString(),
    };

    public static IEnumerable<YamlMappingNode> Sequence(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? ((YamlSequenceNode)value).Children.Cast<YamlMappingNode>() : [];

    public static string? Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? ((YamlScalarNode)value).Value : null;

    private static readonly HashSet<string> Keywords = new(StringComparer.Ordinal) { "by", "without", "on", "ignoring", "group_left", "group_right", "and", "or", "unless", "bool", "offset" };
}

/// <summary>One rule of the rules file.</summary>
internal sealed record AlertRule(string Name, string Expr, IReadOnlyDictionary<string, string> Annotations);

/// <summary>One dashboard panel that queries Prometheus.</summary>
internal sealed record DashboardPanel(string File, string Dashboard, string Title, IReadOnlyList<string> Exprs);
