using Botify.Protos.V1;
using Botify.Shared.Grpc;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.Logging;

namespace Botify.Api.Tests.EndToEnd;

/// <summary>
/// A request message that does not parse, or a time the service cannot convert, is
/// INVALID_ARGUMENT naming what was wrong; never UNKNOWN, never a stack trace in the log per request.
/// </summary>
[Category("Integration")]
public sealed class MalformedRequestTests
{
    private readonly CapturedLog _log = new();
    private TempFolder _folder = null!;
    private FakeIndex _index = null!;
    private ApiServer _api = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _folder = new TempFolder();
        _index = await FakeIndex.StartAsync();
        var catalog = TestCatalogs.Write(_folder, tracks: 200, tracksPerArtist: 10);
        _api = await ApiServer.StartAsync(catalog, _index.Address, _folder, builder => builder.Logging.AddProvider(_log), [
            .. ApiServer.Treatment(0, "C", "Contextual", fatigue: false),
            "--Index:AttemptTimeout=00:00:05",
            "--Index:TotalTimeout=00:00:10",
            // The levels the shipped appsettings.json sets, where gRPC's Information lines would carry a stack trace.
            "--Logging:LogLevel:Default=Information",
            "--Logging:LogLevel:Microsoft.AspNetCore=Warning",
        ]);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await _api.DisposeAsync();
        await _index.DisposeAsync();
        _folder.Dispose();
    }

    /// <summary>Pins the frame defect the fault suite's fuzz found: Grpc.AspNetCore answered these with INTERNAL.</summary>
    [TestCase(new byte[] { 0, 0, 0, 0, 9, 8 }, "truncated")]
    [TestCase(new byte[] { 0, 0, 0 }, "truncated")]
    [TestCase(new byte[] { 1, 0, 0, 0, 0 }, "grpc-encoding")]
    [TestCase(new byte[] { 2, 0, 0, 0, 0 }, "compressed flag is 2")]
    [TestCase(new byte[] { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }, "more than one message")]
    public async Task Next_BadFrame_InvalidArgumentNamingTheFault(byte[] body, string named)
    {
        var status = await RawGrpc.CallFramedAsync(_api.GrpcAddress, "Next", body);

        Assert.That(status.StatusCode, Is.EqualTo(StatusCode.InvalidArgument), status.Detail);
        Assert.That(status.Detail, Does.Contain(named));
    }

    /// <summary>Pins the garbage-frame defect: was UNKNOWN with about 3 KB of error-level stack trace per request.</summary>
    [Test]
    public async Task Next_HundredGarbageFrames_InvalidArgumentAndOneWarningLine()
    {
        var random = new Random(18);
        var next = RawGrpc.Method("Next");
        var statuses = new List<Status>();
        var garbage = 0;
        _log.Entries.Clear();

        for (var i = 0; i < 100; i++)
        {
            var payload = new byte[random.Next(1, 64)];
            random.NextBytes(payload);
            var parses = Parses(payload);
            garbage += parses ? 0 : 1;
            var status = await RawGrpc.CallAsync(_api.Channel, next, payload);
            statuses.Add(status);
            if (!parses)
            {
                Assert.That(status.StatusCode, Is.EqualTo(StatusCode.InvalidArgument), $"frame {i}: {status.Detail}");
                Assert.That(status.Detail, Does.Contain("not a valid NextRequest"));
            }
        }

        var entries = _log.Entries.ToList();
        Assert.That(garbage, Is.GreaterThan(90), "the seed must give mostly unparsable frames");
        Assert.That(statuses.Select(s => s.StatusCode), Has.None.EqualTo(StatusCode.Unknown).And.None.EqualTo(StatusCode.Internal));
        Assert.That(entries.Where(e => e.Exception is not null), Is.Empty, "no stack trace per request");
        // At most one: another test of this fixture may already have had the interval's line (MalformedRequestLogTests pins the limit).
        Assert.That(entries.Count(e => e.Id.Id == MalformedRequestLog.WarningEventId && e.Level == LogLevel.Warning), Is.LessThanOrEqualTo(1), "one rate-limited warning at most");
        Assert.That(_log.Characters, Is.LessThan(2_000), string.Join('\n', entries.Select(e => e.Message)));
        Assert.That((await _api.Client.NextAsync(new NextRequest { User = 1, Track = 3, Time = 0.5f })).Track, Is.InRange(0, 199), "still serving");
    }

    /// <summary>Pins the overflow defect: a time past the decimal's range (about 7.9e28) was UNKNOWN.</summary>
    [TestCase(8e28f, "8E+28")]
    [TestCase(-8e28f, "-8E+28")]
    [TestCase(float.MaxValue, "3.4028235E+38")]
    [TestCase(float.PositiveInfinity, "time is Infinity")]
    [TestCase(float.NegativeInfinity, "time is -Infinity")]
    [TestCase(float.NaN, "time is NaN")]
    [TestCase(1.5f, "time is 1.5")]
    public void NextAndLast_TimeOutOfRange_InvalidArgumentNamingTime(float time, string named)
    {
        var next = Assert.ThrowsAsync<RpcException>(async () => await _api.Client.NextAsync(new NextRequest { User = 1, Track = 3, Time = time }));
        var last = Assert.ThrowsAsync<RpcException>(async () => await _api.Client.LastAsync(new LastRequest { User = 1, Track = 3, Time = time }));

        foreach (var e in new[] { next!, last! })
        {
            Assert.That(e.StatusCode, Is.EqualTo(StatusCode.InvalidArgument));
            Assert.That(e.Status.Detail, Does.Contain("time is").And.Contain(named));
        }
    }

    private static bool Parses(byte[] payload)
    {
        try
        {
            NextRequest.Parser.ParseFrom(payload);
            return true;
        }
        catch (InvalidProtocolBufferException)
        {
            return false;
        }
    }
}
