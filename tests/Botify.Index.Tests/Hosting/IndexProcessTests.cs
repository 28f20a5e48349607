using System.Diagnostics;
using Botify.Protos.V1;
using Grpc.Core;
using Grpc.Net.Client;

namespace Botify.Index.Tests.Hosting;

/// <summary>The built index binary started as a real process, the way an operator or a container starts it.</summary>
[Category("Integration")]
public sealed class IndexProcessTests
{
    /// <summary>
    /// Regression: started from another working directory, the index did not read its
    /// appsettings.json, so its gRPC endpoint spoke HTTP/1.1 only and every gRPC call failed. Only the
    /// endpoints' URLs are given here; that the gRPC one is HTTP/2 must come from appsettings.json.
    /// </summary>
    [Test]
    public async Task Start_FromAnotherWorkingDirectory_ReadsItsSettingsAndAnswersGrpcOverHttp2()
    {
        using var workingDirectory = new TempFolder();
        await using var process = IndexProcess.Start(["--Logging:LogLevel:Default=Warning"], workingDirectory.Path);
        using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{process.GrpcPort}");
        var client = new TrackIndex.TrackIndexClient(channel);
        var waited = Stopwatch.StartNew();
        IndexInfo? info = null;
        RpcException? last = null;
        while (info is null && waited.Elapsed < TimeSpan.FromSeconds(60) && !process.Process.HasExited)
        {
            try
            {
                info = await client.GetInfoAsync(new GetInfoRequest(), deadline: DateTime.UtcNow.AddSeconds(5));
            }
            catch (RpcException e) when (e.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded)
            {
                // Not listening yet.
                last = e;
                await Task.Delay(200);
            }
            catch (RpcException e) when (e.StatusCode is StatusCode.Internal)
            {
                // Listening on HTTP/1.1 only: the server answers HTTP_1_1_REQUIRED, the bug this pins.
                last = e;
                break;
            }
        }

        var log = process.Output;
        Assert.That(info, Is.Not.Null, $"GetInfo over HTTP/2 never succeeded (exited: {process.Process.HasExited}; last error: {last?.Status}); output:\n{log}");
        Assert.That(info!.Loaded, Is.False, "cold start: no bundle configured");
        Assert.That(log, Does.Contain("--Index:BundlePath=").And.Contain("Botify.Lab"), "a first run without a model says what to pass and what makes one");
    }
}
