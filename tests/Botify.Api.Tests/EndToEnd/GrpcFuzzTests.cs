using Botify.Protos.V1;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.Logging;

namespace Botify.Api.Tests.EndToEnd;

/// <summary>Seeded mutations of valid gRPC requests never get UNKNOWN or INTERNAL, and the service keeps serving.</summary>
[Category("Integration")]
public sealed class GrpcFuzzTests
{
    private const int Messages = 1_200;

    [Test]
    public async Task Calls_MutatedMessages_NeverUnknownOrInternalAndStillServing()
    {
        using var folder = new TempFolder();
        await using var index = await FakeIndex.StartAsync();
        var log = new CapturedLog();
        var catalog = TestCatalogs.Write(folder, tracks: 200, tracksPerArtist: 10);
        await using var api = await ApiServer.StartAsync(catalog, index.Address, folder, builder => builder.Logging.AddProvider(log), [
            .. ApiServer.Treatment(0, "C", "Contextual", fatigue: false),
            "--Index:AttemptTimeout=00:00:05",
            "--Index:TotalTimeout=00:00:10",
        ]);
        (string Method, byte[] Valid)[] corpus =
        [
            ("Next", new NextRequest { User = 7, Track = 3, Time = 0.8f }.ToByteArray()),
            ("Next", new NextRequest { User = 123_456, Track = 199, Time = 1f }.ToByteArray()),
            ("Next", new NextRequest { User = 0, Track = 0, Time = 0.01f }.ToByteArray()),
            ("Last", new LastRequest { User = 7, Track = 42, Time = 0.3f }.ToByteArray()),
            ("Last", new LastRequest { User = 99, Track = 5, Time = 0f }.ToByteArray()),
            ("GetTrack", new GetTrackRequest { Track = 17 }.ToByteArray()),
        ];
        // Tags of the three fields with each wire type, varint continuation bytes, the bytes of 8e28f, NaN and infinity.
        byte[] interesting = [0x00, 0x08, 0x10, 0x18, 0x1d, 0x0a, 0x12, 0x1a, 0x0f, 0x0e, 0x80, 0xff, 0x7f, 0x01, 0x6e, 0x7f, 0xc0, 0x80];
        var mutator = new ByteMutator(seed: 18_06, interesting);
        var statuses = new Dictionary<StatusCode, int>();

        for (var i = 0; i < Messages; i++)
        {
            var (method, valid) = corpus[i % corpus.Length];
            var payload = mutator.Mutate(valid);
            var status = await RawGrpc.CallAsync(api.Channel, RawGrpc.Method(method), payload);
            statuses[status.StatusCode] = statuses.GetValueOrDefault(status.StatusCode) + 1;
            Assert.That(status.StatusCode, Is.Not.EqualTo(StatusCode.Unknown).And.Not.EqualTo(StatusCode.Internal), $"{method} {Convert.ToHexString(payload)}: {status.Detail}");
        }

        TestContext.Out.WriteLine($"{Messages} mutated gRPC messages: {string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key} {s.Value}"))}");
        Assert.That(statuses.GetValueOrDefault(StatusCode.InvalidArgument), Is.GreaterThan(0));
        Assert.That(log.Entries.Where(e => e.Level >= LogLevel.Error || e.Exception is not null), Is.Empty);
        var reply = await api.Client.NextAsync(new NextRequest { User = 7, Track = 3, Time = 0.8f });
        Assert.That(reply.Track, Is.InRange(0, 199), "still serving");
    }
}
