using System.Diagnostics;
using System.Text.Json;

namespace Botify.Api.Tests.Faults;

/// <summary>
/// The bounded fault suite: the benchmark's <c>faults</c> command with short probes, run as a
/// process against real service processes. It asserts only what holds today and must keep holding; the targets
/// still missed are printed with the table (see docs/operations/faults.md).
/// </summary>
[Category("Integration")]
public sealed class FaultSuiteTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    [Test]
    public async Task Faults_ShortRun_NoEventLostNoJson500AndServicesSurvive()
    {
        using var output = new TempFolder();
        var report = await RunAsync(output.Path, "--probe", "index-kill", "reload", "api-sigterm", "fuzz");
        var probes = Probes(report);

        Assert.Multiple(() =>
        {
            foreach (var probe in probes.Values)
            {
                Assert.That(probe.GetProperty("verdict").GetString(), Is.Not.EqualTo("error"), $"{probe.GetProperty("probe")} did not run: {probe.GetProperty("note")}");
            }

            var sigterm = probes["api-sigterm"];
            Assert.That(sigterm.GetProperty("lost_events").GetInt64(), Is.LessThanOrEqualTo(0), "SIGTERM: every answered call is in the event log");

            var fuzz = probes["fuzz"];
            var failures = fuzz.GetProperty("failures").EnumerateObject().Select(pair => pair.Name).ToList();
            Assert.That(failures.Where(name => name.StartsWith("api-json: http 5", StringComparison.Ordinal)), Is.Empty, "fuzz: no HTTP 5xx from the JSON API");
            var note = fuzz.GetProperty("note").ValueKind == JsonValueKind.String ? fuzz.GetProperty("note").GetString()! : string.Empty;
            Assert.That(note, Does.Not.Contain("after the fuzz"), "fuzz: the API (gRPC, JSON) and the index answer a valid call afterwards");
        });
    }

    [Test]
    public async Task Faults_RedisKilled_ApiKeepsAnswering()
    {
        if (OnPath.Find("redis-server") is null)
        {
            Assert.Ignore("redis-server is not installed; the Redis probe needs it");
        }

        using var output = new TempFolder();
        var redis = Probes(await RunAsync(output.Path, "--probe", "redis-kill"))["redis-kill"];

        // Failed calls and the outage's p99 are printed, not asserted: both miss their targets today (docs/operations/faults.md).
        Assert.That(redis.GetProperty("verdict").GetString(), Is.AnyOf("met", "missed"), $"the probe did not run: {redis.GetProperty("note")}");
    }

    [Test]
    public async Task Faults_StreamDownFiveSecondsAndApiSigterm_EveryAnsweredCallOnTheStreamOnce()
    {
        if (OnPath.Find("nats-server") is null)
        {
            Assert.Ignore("nats-server is not installed (apt-get install nats-server; .ci/run installs it); the event-stream probes need it");
        }

        using var output = new TempFolder();
        var probes = Probes(await RunAsync(output.Path, "--probe", "stream-outage", "stream-sigterm"));

        Assert.Multiple(() =>
        {
            foreach (var name in new[] { "stream-outage", "stream-sigterm" })
            {
                var probe = probes[name];
                var measures = probe.GetProperty("measures");
                Assert.That(probe.GetProperty("verdict").GetString(), Is.Not.EqualTo("error"), $"{name} did not run: {probe.GetProperty("note")}");
                // A call whose client deadline passed may still have been answered and logged: events lie between the calls answered and the calls sent.
                Assert.That(measures.GetProperty("events_on_stream").GetDouble(), Is.InRange(measures.GetProperty("calls_answered").GetDouble(), measures.GetProperty("calls_sent").GetDouble()), $"{name}: every answered call is on the stream, and no event without a call");
                // A message stored twice would bring its events twice: the reader counts each event id read again.
                Assert.That(measures.GetProperty("duplicated_events").GetDouble(), Is.Zero, $"{name}: no event stored twice");
                Assert.That(measures.GetProperty("calls_answered").GetDouble(), Is.Positive, $"{name}: calls were answered");
            }

            var outage = probes["stream-outage"];
            Assert.That(outage.GetProperty("failures").EnumerateObject().Select(pair => $"{pair.Name}: {pair.Value}"), Is.Empty, "no call fails while the stream is down");
            Assert.That(outage.GetProperty("measures").GetProperty("down_seconds").GetDouble(), Is.GreaterThanOrEqualTo(5), "the stream was down 5 s");
        });
    }

    /// <summary>
    /// The listener memory across an API restart: 300 listeners end two sessions each, the API is stopped, and each
    /// listener's first call to the new process must come from memory. With the file log (SIGTERM, then a rebuild from
    /// the old folder) that is every listener: the memory is in the process, so no read can miss a deadline, and a
    /// graceful stop flushes the whole log, which the rebuild replays. With Redis the bar is 95 %: a memory read that
    /// misses the 50 ms Redis deadline (Sessions:RedisOperationTimeout) is answered without memory by design, and the
    /// new process is cold on a shared CI runner, so a few first calls may miss it; a memory lost in the restart would
    /// answer none of them, so the bar still tells the two apart.
    /// </summary>
    [Test]
    public async Task Faults_ApiRestarted_ListenerMemoryAnswersTheListenersAgain()
    {
        using var output = new TempFolder();
        var probes = Probes(await RunAsync(output.Path, "--probe", "memory-restart"));
        if (probes.TryGetValue("memory-restart", out var error))
        {
            Assert.Fail($"memory-restart did not run: {error.GetProperty("note")}");
        }

        var log = probes["memory-restart log"];
        Assert.Multiple(() =>
        {
            Assert.That(log.GetProperty("verdict").GetString(), Is.AnyOf("met", "missed"), $"log: the probe ran: {log.GetProperty("note")}");
            Assert.That(Failures(log), Is.Empty, "log: no call failed");
            Assert.That(log.GetProperty("measures").GetProperty("sessions_played").GetDouble(), Is.EqualTo(2 * log.GetProperty("measures").GetProperty("listeners").GetDouble()), "log: every listener ended both sessions");
            Assert.That(log.GetProperty("memory_share").GetDouble(), Is.EqualTo(1), $"log: memory answered every listener after the rebuild: {log.GetProperty("note")}");
        });

        if (OnPath.Find("redis-server") is null)
        {
            Assert.Ignore("redis-server is not installed; the log variant passed, the Redis variant of memory-restart needs redis-server");
        }

        var redis = probes["memory-restart redis"];
        Assert.Multiple(() =>
        {
            Assert.That(redis.GetProperty("verdict").GetString(), Is.AnyOf("met", "missed"), $"redis: the probe ran: {redis.GetProperty("note")}");
            Assert.That(Failures(redis), Is.Empty, "redis: no call failed");
            Assert.That(redis.GetProperty("measures").GetProperty("sessions_played").GetDouble(), Is.EqualTo(2 * redis.GetProperty("measures").GetProperty("listeners").GetDouble()), "redis: every listener ended both sessions");
            Assert.That(redis.GetProperty("memory_share").GetDouble(), Is.GreaterThanOrEqualTo(0.95), $"redis: memory answered (nearly) every listener after the restart: {redis.GetProperty("note")}");
        });
    }

    private static IEnumerable<string> Failures(JsonElement probe) =>
        probe.GetProperty("failures").EnumerateObject().Select(pair => $"{pair.Name}: {pair.Value}");

    private static async Task<JsonDocument> RunAsync(string output, params string[] probes)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { BenchmarkDll(), "faults", "--seconds", "5", "--rate", "200", "--fuzz", "2000", "--out", output }.Concat(probes))
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(Timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"faults did not finish within {Timeout}");
        }

        // The table, including the targets still missed, goes to the test's output.
        TestContext.Out.WriteLine(await stdout);
        TestContext.Out.WriteLine(await stderr);
        Assert.That(process.ExitCode, Is.Zero, "faults exits 0 without --strict");
        return JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(output, "faults.json")));
    }

    private static Dictionary<string, JsonElement> Probes(JsonDocument report) =>
        report.RootElement.GetProperty("probes").EnumerateArray().ToDictionary(probe => probe.GetProperty("probe").GetString()!, StringComparer.Ordinal);

    /// <summary>The benchmark built beside this test: tests/Botify.Api.Tests/bin/&lt;configuration&gt;/&lt;framework&gt; maps to benchmarks/Botify.Benchmarks/bin/….</summary>
    private static string BenchmarkDll()
    {
        var framework = new DirectoryInfo(AppContext.BaseDirectory);
        var configuration = framework.Parent!;
        var repository = configuration.Parent!.Parent!.Parent!.Parent!;
        return Path.Combine(repository.FullName, "benchmarks", "Botify.Benchmarks", "bin", configuration.Name, framework.Name, "Botify.Benchmarks.dll");
    }
}
