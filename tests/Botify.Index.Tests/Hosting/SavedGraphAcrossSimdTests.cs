using System.Diagnostics;
using Botify.Protos.V1;
using Botify.Shared.Models;
using Grpc.Core;
using Grpc.Net.Client;

namespace Botify.Index.Tests.Hosting;

/// <summary>
/// A graph saved by an index on one SIMD width is loaded, not rebuilt, by an index on another: the lifting column
/// (a square root of sums whose order differs by vector width) is not part of the graph file's checksum.
/// </summary>
[Category("Integration")]
public sealed class SavedGraphAcrossSimdTests
{
    [Test]
    public async Task Start_GraphSavedOnTheWidestPath_LoadsFromFileOn128BitVectors()
    {
        using var folder = new TempFolder();
        var bundle = folder.File("bundle");
        RandomModelGenerator.Generate(tracks: 3_000, users: 10, dimension: 24, seed: 9).Save(bundle);

        var first = await StartAndReadInfoAsync(bundle, new Dictionary<string, string>());
        Assert.That(first.GraphFromFile, Is.False, "the first start builds the graph and saves it");
        Assert.That(File.Exists(Path.Combine(bundle, "index.hnsw")), Is.True);

        var narrow = await StartAndReadInfoAsync(bundle, new Dictionary<string, string> { ["DOTNET_EnableAVX512"] = "0", ["DOTNET_EnableAVX512F"] = "0", ["DOTNET_EnableAVX2"] = "0" });
        Assert.That(narrow.GraphFromFile, Is.True, "the graph saved on the default path is loaded on 128-bit vectors");
        Assert.That(narrow.ModelVersion, Is.EqualTo(first.ModelVersion));
    }

    private static async Task<IndexInfo> StartAndReadInfoAsync(string bundle, Dictionary<string, string> environment)
    {
        await using var process = IndexProcess.Start([$"--Index:BundlePath={bundle}", "--Index:Mips=ExtraDimension", "--Logging:LogLevel:Default=Warning"], environment: environment);
        using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{process.GrpcPort}");
        var client = new TrackIndex.TrackIndexClient(channel);
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < TimeSpan.FromSeconds(90) && !process.Process.HasExited)
        {
            try
            {
                var info = await client.GetInfoAsync(new GetInfoRequest(), deadline: DateTime.UtcNow.AddSeconds(5));
                if (info.Loaded)
                {
                    return info;
                }
            }
            catch (RpcException e) when (e.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded)
            {
                // Not listening yet: the bundle loads before the ports open.
            }

            await Task.Delay(200);
        }

        Assert.Fail($"the index never reported a loaded model (exited: {process.Process.HasExited}); output:\n{process.Output}");
        return null!;
    }
}
