using System.Diagnostics;
using System.Text;
using Botify.Protos.V1;
using Botify.Train.Rollout;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;

namespace Botify.Train.Tests.Rollout;

/// <summary>A real Botify.Index process from the build output, on a loopback address, started as an operator or a pod starts it.</summary>
internal sealed class IndexReplica : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output;
    private readonly GrpcChannel _channel;

    private IndexReplica(ReplicaAddress address, Process process, StringBuilder output)
    {
        Address = address;
        _process = process;
        _output = output;
        _channel = GrpcChannel.ForAddress(address.GrpcUri);
        Client = new TrackIndex.TrackIndexClient(_channel);
    }

    public ReplicaAddress Address { get; }

    public TrackIndex.TrackIndexClient Client { get; }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts the index serving <paramref name="bundle"/> with <paramref name="adminToken"/> and waits until its health answers SERVING.</summary>
    public static async Task<IndexReplica> StartAsync(string host, int grpcPort, string bundle, string adminToken, string workingDirectory)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            Path.Combine(AppContext.BaseDirectory, "Botify.Index.dll"),
            $"--Kestrel:Endpoints:Grpc:Url=http://{host}:{grpcPort}",
            $"--Kestrel:Endpoints:Http:Url=http://{host}:{Botify.Shared.Hosting.LoopbackPort.Free()}",
            "--Logging:LogLevel:Default=Warning",
            $"--Index:BundlePath={bundle}",
            $"--Index:AdminToken={adminToken}",
            // Both replicas read the same bundle folders; a graph saved beside a bundle by one would be loaded by the other.
            "--Index:SaveGraph=false",
            "--Index:UseSavedGraph=false",
            "--Index:BuildThreads=1",
        })
        {
            start.ArgumentList.Add(argument);
        }

        var output = new StringBuilder();
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var replica = new IndexReplica(new ReplicaAddress(host, grpcPort), process, output);
        try
        {
            await replica.WaitServingAsync(TimeSpan.FromSeconds(60));
            return replica;
        }
        catch
        {
            await replica.DisposeAsync();
            throw;
        }
    }

    public async Task<string> ServedVersionAsync()
    {
        var info = await Client.GetInfoAsync(new GetInfoRequest(), deadline: DateTime.UtcNow.AddSeconds(10));
        return info.Loaded ? info.ModelVersion : "(none)";
    }

    public async Task ReloadAsync(string bundle, string adminToken) =>
        await Client.ReloadAsync(new ReloadRequest { BundlePath = bundle }, new Metadata { { "authorization", "Bearer " + adminToken } }, DateTime.UtcNow.AddSeconds(60));

    public async ValueTask DisposeAsync()
    {
        _channel.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
    }

    private async Task WaitServingAsync(TimeSpan patience)
    {
        var health = new Health.HealthClient(_channel);
        var waited = Stopwatch.StartNew();
        RpcException? last = null;
        while (waited.Elapsed < patience && !_process.HasExited)
        {
            try
            {
                var reply = await health.CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(5));
                if (reply.Status == HealthCheckResponse.Types.ServingStatus.Serving)
                {
                    return;
                }
            }
            catch (RpcException e) when (e.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded)
            {
                last = e;
            }

            await Task.Delay(100);
        }

        throw new InvalidOperationException($"the index at {Address} never answered SERVING (exited: {_process.HasExited}; last error: {last?.Status}); output:\n{Output}");
    }
}
