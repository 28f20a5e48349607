using System.Diagnostics;
using System.Text.Json;
using Botify.Tests.Support;

namespace Botify.Deploy.Tests.Monitoring;

/// <summary>
/// The alerts and dashboards against a real Prometheus: Debian's <c>prometheus</c> scrapes a real Botify.Api and
/// Botify.Index (with Redis sessions and the JetStream event sink) every second, with the rules file loaded,
/// while listeners play. Redis is killed for a moment and restarted, then the index is stopped. Every alert
/// expression and every panel query then goes through Prometheus's HTTP API: each parses, and each panel
/// returns a series; the fallback alert's expression, empty while the index served, turns true once it stopped.
/// </summary>
[Category("Integration")]
public sealed class LivePrometheusTests
{
    private const string FallbackAlert = "BotifyArmFallbackShareHigh";
    private static readonly TimeSpan Healthy = TimeSpan.FromSeconds(12);
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(45);

    /// <summary>Series of prometheus-nats-exporter, which Debian does not package: their panels must parse, nothing more here.</summary>
    private static readonly string[] ExporterPrefixes = ["jetstream_", "gnatsd_"];

    private LiveStack? _stack;
    private DateTimeOffset _started;
    private int _fallbackSeriesWhileServing = -1;
    private IReadOnlyList<JsonElement> _fallbackSeriesAfterStop = [];
    private string? _fallbackAlertState;
    private string _load = string.Empty;

    [OneTimeSetUp]
    public async Task PlayThroughOutagesAsync()
    {
        var clock = Stopwatch.StartNew();
        _stack = await LiveStack.StartAsync();
        var query = _stack.Query!;
        var fallback = MonitoringFiles.Rules().Single(r => r.Name == FallbackAlert).Expr;
        _started = DateTimeOffset.UtcNow.AddSeconds(-2);
        await using (var load = new ListenerLoad(_stack.ApiGrpcPort, _stack.ApiHttpPort))
        {
            await load.SendBadInputAsync();
            await Task.Delay(Healthy);
            _fallbackSeriesWhileServing = (await query.QueryAsync(fallback)).Series.Count;

            // Redis down: calls go on session-less until it is back on the same port.
            await _stack.Redis.KillAsync();
            await UntilAsync(async () => (await query.QueryAsync("botify_api_session_store_session_less_total")).Series.Count > 0, "session-less calls scraped");
            _stack.RestartRedis();

            // The index down: the API answers from the fallback.
            await _stack.Index.KillAsync();
            // Each arm's series turns true at its own scrape (C's cached answers hold it back a little): wait for C's.
            await UntilAsync(async () => (_fallbackSeriesAfterStop = (await query.QueryAsync(fallback)).Series).Any(s => Treatment(s) == "C"), $"{FallbackAlert}'s expression true for C");
            await UntilAsync(async () => (_fallbackAlertState = (await query.AlertsAsync()).FirstOrDefault(a => a.Name == FallbackAlert).State) is not null, $"{FallbackAlert} held by the rule manager");
            _load = $"{load.Calls} calls ({load.Failures} failed) in {clock.Elapsed.TotalSeconds:F0} s";
        }

        // One more scrape of the load's last calls.
        await Task.Delay(TimeSpan.FromSeconds(2));
        TestContext.Progress.WriteLine($"live monitoring: {_load}");
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (_stack is not null)
        {
            await _stack.DisposeAsync();
        }
    }

    [Test]
    public async Task Alerts_EveryExpression_PrometheusParsesAndEvaluatesIt()
    {
        var query = _stack!.Query!;
        var loaded = await query.RulesAsync();

        Assert.That(loaded.Select(r => r.Name), Is.EquivalentTo(MonitoringFiles.Rules().Select(r => r.Name)), "Prometheus loaded every rule of the file");
        await Assert.MultipleAsync(async () =>
        {
            foreach (var rule in MonitoringFiles.Rules())
            {
                Assert.That((await query.QueryAsync(rule.Expr)).Error, Is.Null, $"{rule.Name}: {rule.Expr}");
            }

            foreach (var (name, health, error) in loaded)
            {
                Assert.That(health, Is.EqualTo("ok"), $"{name}: the rule manager's evaluation failed: {error}");
            }
        });
    }

    [Test]
    public async Task Dashboards_EveryPanelQuery_ParsesAndReturnsASeries()
    {
        var query = _stack!.Query!;
        var exporterOnly = new List<string>();

        await Assert.MultipleAsync(async () =>
        {
            foreach (var panel in MonitoringFiles.Panels())
            {
                var fromExporter = panel.Exprs.SelectMany(MonitoringFiles.MetricNames).All(m => ExporterPrefixes.Any(p => m.StartsWith(p, StringComparison.Ordinal)));
                foreach (var expr in panel.Exprs)
                {
                    var (series, error) = await query.QueryRangeAsync(AsGrafanaSends(expr), _started);
                    Assert.That(error, Is.Null, $"{panel.Dashboard} / {panel.Title}: {expr}");
                    if (fromExporter)
                    {
                        exporterOnly.Add(panel.Title);
                    }
                    else
                    {
                        Assert.That(series, Is.Not.Empty, $"{panel.Dashboard} / {panel.Title}: no series for {AsGrafanaSends(expr)}");
                    }
                }
            }
        });
        Assert.That(exporterOnly.Distinct().Count(), Is.LessThanOrEqualTo(3), "only the NATS servers' panels go unchecked for data");
    }

    [Test]
    public void FallbackAlert_IndexStopped_ExpressionTurnsTrueForTheModelArmAndTheAlertIsPending()
    {
        Assert.That(_fallbackSeriesWhileServing, Is.Zero, "no arm fell back on more than 1 % while the index served");
        Assert.That(_fallbackSeriesAfterStop.Select(Treatment), Does.Contain("C"), "the contextual arm, which asks the index for every call its cache misses");
        Assert.That(_fallbackSeriesAfterStop.Select(s => double.Parse(s.GetProperty("value")[1].GetString()!, System.Globalization.CultureInfo.InvariantCulture)), Has.All.GreaterThan(0.01));
        Assert.That(_fallbackAlertState, Is.EqualTo("pending"), "the rule manager holds the alert, pending until its 5 minutes pass");
    }

    private static string? Treatment(JsonElement series) => series.GetProperty("metric").GetProperty("botify_treatment").GetString();

    /// <summary>A panel's query with the dashboard's variables as Grafana fills them: every namespace, a short window for a short test.</summary>
    private static string AsGrafanaSends(string expr) =>
        expr.Replace("$__rate_interval", "10s", StringComparison.Ordinal)
            .Replace("$window", "1m", StringComparison.Ordinal)
            .Replace("$namespace", ".*", StringComparison.Ordinal);

    private Task UntilAsync(Func<Task<bool>> condition, string what) =>
        Eventually.HoldsAsync(condition, what, Soon, TimeSpan.FromMilliseconds(500), () => $"API:\n{_stack!.Api.Output}\nprometheus:\n{_stack.Prometheus.Output}");
}
