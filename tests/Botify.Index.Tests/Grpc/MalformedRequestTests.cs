using Botify.Protos.V1;
using Botify.Shared.Grpc;
using Botify.Shared.Hosting;
using Botify.Shared.Models;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;

namespace Botify.Index.Tests.Grpc;

/// <summary>
/// Found by the fuzz: a request to the index whose frame or message does not parse is INVALID_ARGUMENT naming
/// what was wrong, never INTERNAL (bad frames) or UNKNOWN (bad messages), with one rate-limited warning
/// and no stack trace per request.
/// </summary>
[Category("Integration")]
[NonParallelizable]
public sealed class MalformedRequestTests
{
    private const string Token = "malformed-tests-admin-token";
    private static readonly string[] Methods = ["Search", "SearchBatch", "SearchByVector", "GetInfo", "Reload"];

    private readonly CapturedLog _log = new();
    private TempFolder _folder = null!;
    private WebApplication _app = null!;
    private GrpcChannel _channel = null!;
    private RawGrpc _raw = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _folder = new TempFolder();
        var bundle = Path.Combine(_folder.Path, "model");
        RandomModelGenerator.Generate(tracks: 500, users: 10, dimension: 8, seed: 18).Save(bundle);
        var port = LoopbackPort.Free();
        _app = IndexApp.Build(
        [
            $"--Kestrel:Endpoints:Grpc:Url=http://127.0.0.1:{port}",
            $"--Kestrel:Endpoints:Http:Url=http://127.0.0.1:{LoopbackPort.Free()}",
            // The shipped levels, where gRPC's Information lines would carry a stack trace.
            "--Logging:LogLevel:Default=Information",
            "--Logging:LogLevel:Microsoft.AspNetCore=Warning",
            "--Index:EfConstruction=32",
            $"--Index:BundlePath={bundle}",
            $"--Index:AdminToken={Token}",
        ], builder => builder.Logging.AddProvider(_log));
        await IndexApp.StartAsync(_app);
        _channel = GrpcChannel.ForAddress($"http://127.0.0.1:{port}");
        _raw = new RawGrpc(port);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _raw.Dispose();
        _channel.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _folder.Dispose();
    }

    /// <summary>Pins the garbage-message defect: a message that did not parse was UNKNOWN with a stack trace per request.</summary>
    [Test]
    public async Task EveryMethod_HundredsOfGarbageMessages_InvalidArgumentAndOneWarningLine()
    {
        var random = new Random(18);
        var statuses = new List<Status>();
        var garbage = 0;
        _log.Entries.Clear();

        for (var i = 0; i < 300; i++)
        {
            var method = Methods[i % Methods.Length];
            var payload = new byte[random.Next(1, 64)];
            random.NextBytes(payload);
            var parses = Parses(method, payload);
            garbage += parses ? 0 : 1;
            var status = await _raw.CallAsync(method, RawGrpc.Frame(payload));
            statuses.Add(status);
            if (!parses)
            {
                Assert.That(status.StatusCode, Is.EqualTo(StatusCode.InvalidArgument), $"{method} frame {i}: {status.Detail}");
                Assert.That(status.Detail, Does.Contain("is not a valid ").And.Contain("Request"));
            }
        }

        Assert.That(garbage, Is.GreaterThan(200), "the seed must give mostly unparsable messages");
        AssertRefusedQuietly(statuses);
        await AssertStillServingAsync();
    }

    /// <summary>Pins the bad-frame defect: Grpc.AspNetCore answered each of these INTERNAL.</summary>
    [TestCase(FrameFault.Truncated, "truncated")]
    [TestCase(FrameFault.HeaderOnlyPart, "truncated")]
    [TestCase(FrameFault.Empty, "no message")]
    [TestCase(FrameFault.LengthTooLong, "length prefix says")]
    [TestCase(FrameFault.CompressedWithoutEncoding, "grpc-encoding")]
    [TestCase(FrameFault.FlagTwo, "compressed flag is 2")]
    [TestCase(FrameFault.TwoMessages, "more than one message")]
    public async Task EveryMethod_BadFrame_InvalidArgumentNamingTheFault(FrameFault fault, string named)
    {
        var message = new SearchRequest { ContextTrack = 3, K = 5 }.ToByteArray();
        var frame = RawGrpc.Frame(message);
        var body = fault switch
        {
            FrameFault.Truncated => frame[..^2],
            FrameFault.HeaderOnlyPart => frame[..3],
            FrameFault.Empty => [],
            FrameFault.LengthTooLong => RawGrpc.Frame(message, length: 1_000_000),
            FrameFault.CompressedWithoutEncoding => RawGrpc.Frame(message, flag: 1),
            FrameFault.FlagTwo => RawGrpc.Frame(message, flag: 2),
            _ => [.. frame, .. frame],
        };
        var statuses = new List<Status>();
        _log.Entries.Clear();

        foreach (var method in Methods)
        {
            for (var i = 0; i < 20; i++)
            {
                var status = await _raw.CallAsync(method, body);
                statuses.Add(status);
                Assert.That(status.StatusCode, Is.EqualTo(StatusCode.InvalidArgument), $"{method}: {status.Detail}");
                Assert.That(status.Detail, Does.Contain(named));
            }
        }

        AssertRefusedQuietly(statuses);
        await AssertStillServingAsync();
    }

    [Test]
    public async Task Reload_WellFormedFrameWithoutToken_StillUnauthenticated()
    {
        var status = await _raw.CallAsync("Reload", RawGrpc.Frame(new ReloadRequest { BundlePath = "/nowhere" }.ToByteArray()));

        Assert.That(status.StatusCode, Is.EqualTo(StatusCode.Unauthenticated), status.Detail);
    }

    public enum FrameFault
    {
        Truncated,
        HeaderOnlyPart,
        Empty,
        LengthTooLong,
        CompressedWithoutEncoding,
        FlagTwo,
        TwoMessages,
    }

    private void AssertRefusedQuietly(List<Status> statuses)
    {
        var entries = _log.Entries.ToList();
        Assert.That(statuses.Select(s => s.StatusCode), Has.None.EqualTo(StatusCode.Unknown).And.None.EqualTo(StatusCode.Internal));
        Assert.That(entries.Where(e => e.Exception is not null), Is.Empty, "no stack trace per request");
        Assert.That(entries.Count(e => e.Id.Id == MalformedRequestLog.WarningEventId && e.Level == LogLevel.Warning), Is.LessThanOrEqualTo(1), "at most one rate-limited warning");
        Assert.That(_log.Characters, Is.LessThan(2_000), string.Join('\n', entries.Select(e => e.Message)));
    }

    private async Task AssertStillServingAsync()
    {
        var client = new TrackIndex.TrackIndexClient(_channel);
        var reply = await client.SearchAsync(new SearchRequest { ContextTrack = 3, K = 5 });
        Assert.That(reply.Hits, Has.Count.EqualTo(5), "still serving");
    }

    private static bool Parses(string method, byte[] payload)
    {
        MessageParser parser = method switch
        {
            "Search" => SearchRequest.Parser,
            "SearchBatch" => SearchBatchRequest.Parser,
            "SearchByVector" => SearchByVectorRequest.Parser,
            "GetInfo" => GetInfoRequest.Parser,
            _ => ReloadRequest.Parser,
        };
        try
        {
            parser.ParseFrom(payload);
            return true;
        }
        catch (InvalidProtocolBufferException)
        {
            return false;
        }
    }
}
