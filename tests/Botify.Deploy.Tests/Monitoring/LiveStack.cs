using System.Globalization;
using System.Text;
using Botify.Shared.Hosting;
using Botify.Shared.Models;

namespace Botify.Deploy.Tests.Monitoring;

/// <summary>
/// Real processes on free loopback ports: redis-server, nats-server (JetStream), Botify.Index on a generated model,
/// Botify.Api on both (Redis sessions, the stream as its event sink) and Debian's prometheus scraping the two
/// services every second with the alerting rules loaded. Each service runs from its own build output, beside its
/// own appsettings.json. A missing binary ignores the test, saying which.
/// </summary>
internal sealed class LiveStack : IAsyncDisposable
{
    public const int Tracks = 2_000;
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private readonly TempFolder _work = new();
    private readonly List<ChildProcess> _processes = [];

    private LiveStack()
    {
    }

    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(10) };

    public ChildProcess Redis { get; private set; } = null!;

    public ChildProcess Index { get; private set; } = null!;

    public ChildProcess Api { get; private set; } = null!;

    public ChildProcess Prometheus { get; private set; } = null!;

    public int ApiGrpcPort { get; } = LoopbackPort.Free();

    public int ApiHttpPort { get; } = LoopbackPort.Free();

    public int IndexHttpPort { get; } = LoopbackPort.Free();

    public int PrometheusPort { get; } = LoopbackPort.Free();

    public string RedisAddress { get; } = string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{LoopbackPort.Free()}");

    public PrometheusApi? Query { get; private set; }

    public static async Task<LiveStack> StartAsync()
    {
        var missing = new[] { "prometheus", "redis-server", "nats-server" }.Where(tool => OnPath.Find(tool) is null).ToList();
        if (missing.Count > 0)
        {
            Assert.Ignore($"{string.Join(", ", missing)} not on PATH (.ci/run installs Debian's prometheus, redis-server and nats-server): the live monitoring test needs real servers");
        }

        var stack = new LiveStack();
        try
        {
            await stack.StartServicesAsync();
            return stack;
        }
        catch
        {
            await stack.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts redis-server again on its port (after <see cref="ChildProcess.KillAsync"/>).</summary>
    public void RestartRedis() => Redis.Start();

    public async ValueTask DisposeAsync()
    {
        foreach (var process in Enumerable.Reverse(_processes))
        {
            await process.DisposeAsync();
        }

        Nats?.Dispose();
        Query?.Dispose();
        Http.Dispose();
        _work.Dispose();
    }

    private NatsServer? Nats { get; set; }

    private async Task StartServicesAsync()
    {
        var model = _work.File("model");
        RandomModelGenerator.Generate(Tracks, users: 500, dimension: 16, seed: 30).Save(model);
        var catalog = _work.File("tracks.jsonl");
        var lines = new StringBuilder();
        for (var track = 0; track < Tracks; track++)
        {
            lines.Append(CultureInfo.InvariantCulture, $"{{\"track\": {track}, \"artist\": \"Artist {track % 200}\", \"title\": \"Track {track}\", \"genres\": []}}").Append('\n');
        }

        await File.WriteAllTextAsync(catalog, lines.ToString());
        var redisPort = RedisAddress.Split(':')[1];
        Redis = Add(new ChildProcess("redis-server", OnPath.Find("redis-server")!, ["--port", redisPort, "--bind", "127.0.0.1", "--save", string.Empty, "--appendonly", "no"]).Start());
        Nats = await NatsServer.CreateAsync();

        var indexGrpc = LoopbackPort.Free();
        Index = Add(new ChildProcess("Botify.Index", ChildProcess.DotnetHost,
        [
            Service("Botify.Index"),
            Url("Grpc", indexGrpc),
            Url("Http", IndexHttpPort),
            $"--Index:BundlePath={model}",
            "--Logging:LogLevel:Default=Warning",
        ], Path.GetDirectoryName(Service("Botify.Index"))).Start());
        await Index.WaitReadyAsync(Http, $"http://127.0.0.1:{IndexHttpPort}/healthz", StartTimeout);

        Api = Add(new ChildProcess("Botify.Api", ChildProcess.DotnetHost,
        [
            Service("Botify.Api"),
            Url("Grpc", ApiGrpcPort),
            Url("Http", ApiHttpPort),
            string.Create(CultureInfo.InvariantCulture, $"--Index:Address=http://127.0.0.1:{indexGrpc}"),
            // Generous deadlines: on a busy test machine a slow search must not read as the fallback the test provokes.
            "--Index:AttemptTimeout=00:00:02",
            "--Index:TotalTimeout=00:00:05",
            // One call in flight: searches that arrive meanwhile leave as SearchBatch calls, so the short load batches.
            "--Index:MaxConcurrentCalls=1",
            $"--Api:CatalogPath={catalog}",
            $"--EventLog:Folder={_work.File("events")}",
            "--EventLog:Sink=JetStream",
            $"--EventLog:JetStream:Url={Nats.Url}",
            "--Sessions:Store=Redis",
            $"--Sessions:RedisConfiguration={RedisAddress}",
            "--Logging:LogLevel:Default=Warning",
        ], Path.GetDirectoryName(Service("Botify.Api"))).Start());
        await Api.WaitReadyAsync(Http, $"http://127.0.0.1:{ApiHttpPort}/healthz", StartTimeout);

        var config = _work.File("prometheus.yml");
        await File.WriteAllTextAsync(config, string.Create(CultureInfo.InvariantCulture, $"""
            global:
              scrape_interval: 1s
              scrape_timeout: 900ms
              evaluation_interval: 1s
            rule_files:
              - {MonitoringFiles.RulesFile}
            scrape_configs:
              - job_name: botify-api
                static_configs:
                  - targets: ["127.0.0.1:{ApiHttpPort}"]
              - job_name: botify-index
                static_configs:
                  - targets: ["127.0.0.1:{IndexHttpPort}"]
            """));
        Prometheus = Add(new ChildProcess("prometheus", OnPath.Find("prometheus")!,
        [
            $"--config.file={config}",
            $"--storage.tsdb.path={_work.File("tsdb")}",
            string.Create(CultureInfo.InvariantCulture, $"--web.listen-address=127.0.0.1:{PrometheusPort}"),
            "--log.level=warn",
        ]).Start());
        await Prometheus.WaitReadyAsync(Http, $"http://127.0.0.1:{PrometheusPort}/-/ready", StartTimeout);
        Query = new PrometheusApi(new Uri($"http://127.0.0.1:{PrometheusPort}"));
    }

    private ChildProcess Add(ChildProcess process)
    {
        _processes.Add(process);
        return process;
    }

    private static string Url(string endpoint, int port) => string.Create(CultureInfo.InvariantCulture, $"--Kestrel:Endpoints:{endpoint}:Url=http://127.0.0.1:{port}");

    /// <summary>A service's own build output (this test runs from tests/Botify.Deploy.Tests/bin/{configuration}/{framework}/).</summary>
    private static string Service(string project)
    {
        var framework = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var dll = Checkout.File(Path.Combine(project, "bin", framework.Parent!.Name, framework.Name, project + ".dll"));
        Assert.That(File.Exists(dll), Is.True, $"{dll} is not built (build tests/Botify.Deploy.Tests, which references it)");
        return dll;
    }
}
