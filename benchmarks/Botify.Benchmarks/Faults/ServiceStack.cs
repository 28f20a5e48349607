using System.Globalization;
using System.Text;
using Botify.Shared.Hosting;

namespace Botify.Benchmarks.Faults;

/// <summary>
/// The services the probes fault: one index (with a generated model bundle and a second one to reload),
/// Botify.Api instances pointed at it, and redis-server when it is installed. Every port is a free loopback port.
/// </summary>
internal sealed class ServiceStack : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private readonly List<ServiceProcess> _processes = [];
    private readonly ServiceBinaries _binaries;
    private readonly string _logs;

    private ServiceStack(ServiceBinaries binaries, string work, string logs, int tracks)
    {
        _binaries = binaries;
        _logs = logs;
        Work = work;
        Tracks = tracks;
        Http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
    }

    public string Work { get; }

    public int Tracks { get; }

    public static int Listeners => 1_000;

    public string CatalogPath => Path.Combine(Work, "tracks.jsonl");

    public string BundleA => Path.Combine(Work, "model-a");

    public string BundleB => Path.Combine(Work, "model-b");

    public HttpClient Http { get; }

    public static async Task<ServiceStack> CreateAsync(FaultSuiteOptions options, string logs)
    {
        var work = Path.Combine(Path.GetTempPath(), "botify-faults-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(work);
        var stack = new ServiceStack(ServiceBinaries.Find(), work, logs, options.Tracks);
        await stack.WriteCatalogAsync().ConfigureAwait(false);
        await stack.GenerateModelAsync(stack.BundleA, seed: 1).ConfigureAwait(false);
        await stack.GenerateModelAsync(stack.BundleB, seed: 2).ConfigureAwait(false);
        return stack;
    }

    public async Task<IndexEndpoints> StartIndexAsync()
    {
        var grpc = LoopbackPort.Free();
        var http = LoopbackPort.Free();
        var process = Add(new ServiceProcess("index", ServiceProcess.DotnetHost,
        [
            _binaries.IndexDll,
            $"--Kestrel:Endpoints:Grpc:Url=http://127.0.0.1:{grpc}",
            $"--Kestrel:Endpoints:Http:Url=http://127.0.0.1:{http}",
            $"--Index:BundlePath={BundleA}",
            "--Logging:LogLevel:Default=Warning",
        ], Work, _logs));
        var endpoints = new IndexEndpoints(process, grpc, http);
        process.Start();
        await WaitReadyAsync(process, endpoints.HealthUrl).ConfigureAwait(false);
        return endpoints;
    }

    /// <summary>
    /// A Botify.Api pointed at the index, with its own event log folder (<c>{name}-events</c>), optionally the Redis
    /// session store, and <paramref name="settings"/> (command-line keys) after the suite's own.
    /// </summary>
    public async Task<ApiEndpoints> StartApiAsync(string name, IndexEndpoints index, int? redisPort = null, string? natsUrl = null, IReadOnlyList<string>? settings = null)
    {
        var grpc = LoopbackPort.Free();
        var http = LoopbackPort.Free();
        var events = Path.Combine(Work, name + "-events");
        var arguments = new List<string>
        {
            _binaries.ApiDll,
            $"--Kestrel:Endpoints:Grpc:Url=http://127.0.0.1:{grpc}",
            $"--Kestrel:Endpoints:Http:Url=http://127.0.0.1:{http}",
            $"--Index:Address=http://127.0.0.1:{index.GrpcPort}",
            $"--Api:CatalogPath={CatalogPath}",
            $"--EventLog:Folder={events}",
            "--Logging:LogLevel:Default=Warning",
        };
        if (redisPort is { } port)
        {
            arguments.Add("--Sessions:Store=Redis");
            arguments.Add($"--Sessions:RedisConfiguration=127.0.0.1:{port}");
        }

        if (natsUrl is not null)
        {
            arguments.Add("--EventLog:Sink=JetStream");
            arguments.Add($"--EventLog:JetStream:Url={natsUrl}");
        }

        arguments.AddRange(settings ?? []);

        var process = Add(new ServiceProcess(name, ServiceProcess.DotnetHost, arguments, Work, _logs));
        process.Start();
        var endpoints = new ApiEndpoints(process, grpc, http, events);
        await WaitReadyAsync(process, endpoints.HealthUrl).ConfigureAwait(false);
        return endpoints;
    }

    /// <summary>redis-server on a free port without persistence, or null with the reason when it cannot run here.</summary>
    public async Task<(RedisEndpoint? Redis, string? Skipped)> StartRedisAsync()
    {
        var executable = FindOnPath("redis-server");
        if (executable is null)
        {
            return (null, "redis-server is not installed (not on PATH)");
        }

        var port = LoopbackPort.Free();
        var process = Add(new ServiceProcess("redis", executable,
            ["--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], Work, _logs));
        var redis = new RedisEndpoint(process, port);
        process.Start();
        if (!await redis.WaitReadyAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false))
        {
            return (null, "redis-server did not answer PING within 10 s (see its log)");
        }

        return (redis, null);
    }

    /// <summary>nats-server with JetStream on a free port, its store in the work folder (kept across a kill), or null with the reason when it cannot run here.</summary>
    public async Task<(NatsEndpoint? Nats, string? Skipped)> StartNatsAsync(string name)
    {
        var executable = FindOnPath("nats-server");
        if (executable is null)
        {
            return (null, "nats-server is not installed (not on PATH)");
        }

        var port = LoopbackPort.Free();
        var store = Path.Combine(Work, name + "-store");
        var process = Add(new ServiceProcess(name, executable,
            ["-js", "-a", "127.0.0.1", "-p", port.ToString(CultureInfo.InvariantCulture), "-sd", store], Work, _logs));
        var nats = new NatsEndpoint(process, port);
        process.Start();
        if (!await nats.WaitReadyAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false))
        {
            return (null, "nats-server did not accept connections within 10 s (see its log)");
        }

        return (nats, null);
    }

    public async Task WaitReadyAsync(ServiceProcess process, string healthUrl)
    {
        var deadline = FaultClock.Now + StartTimeout.TotalSeconds;
        while (FaultClock.Now < deadline)
        {
            if (!process.IsRunning)
            {
                throw new InvalidOperationException($"{process.Name} exited with {process.ExitCode} while starting (see {process.Name}.log)");
            }

            if (await IsHealthyAsync(healthUrl).ConfigureAwait(false))
            {
                return;
            }

            await Task.Delay(20).ConfigureAwait(false);
        }

        throw new TimeoutException($"{process.Name} was not ready within {StartTimeout.TotalSeconds} s (see {process.Name}.log)");
    }

    public async Task<bool> IsHealthyAsync(string healthUrl)
    {
        try
        {
            using var response = await Http.GetAsync(new Uri(healthUrl)).ConfigureAwait(false);
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (TaskCanceledException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _processes)
        {
            await process.DisposeAsync().ConfigureAwait(false);
        }

        Http.Dispose();
        try
        {
            Directory.Delete(Work, recursive: true);
        }
        catch (IOException)
        {
            // A child still closing a file; the temp folder is left behind, nothing depends on it.
        }
    }

    private ServiceProcess Add(ServiceProcess process)
    {
        _processes.Add(process);
        return process;
    }

    private async Task WriteCatalogAsync()
    {
        var lines = new StringBuilder();
        for (var track = 0; track < Tracks; track++)
        {
            lines.Append(CultureInfo.InvariantCulture, $"{{\"track\": {track}, \"artist\": \"Artist {track % 400}\", \"title\": \"Track {track}\", \"genres\": [\"genre {track % 12}\"]}}").Append('\n');
        }

        await File.WriteAllTextAsync(CatalogPath, lines.ToString()).ConfigureAwait(false);
    }

    private async Task GenerateModelAsync(string folder, int seed)
    {
        await using var generator = new ServiceProcess("generate-model-" + seed.ToString(CultureInfo.InvariantCulture), ServiceProcess.DotnetHost,
        [
            _binaries.IndexDll, "generate-model", "--out", folder,
            "--tracks", Tracks.ToString(CultureInfo.InvariantCulture),
            "--users", Listeners.ToString(CultureInfo.InvariantCulture),
            "--dim", "32", "--seed", seed.ToString(CultureInfo.InvariantCulture),
        ], Work, _logs);
        generator.Start();
        if (!await generator.WaitForExitAsync(StartTimeout).ConfigureAwait(false) || generator.ExitCode != 0)
        {
            throw new InvalidOperationException($"Botify.Index generate-model failed (exit {generator.ExitCode}; see its log)");
        }
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, name))
            .FirstOrDefault(File.Exists);
}
