using System.Buffers.Binary;
using Botify.Protos.V1;
using Google.Protobuf;

namespace Botify.Benchmarks.Faults.Fuzz;

/// <summary>
/// Valid gRPC requests to the API and the index, and seeded mutations of them: truncated frames, lying length
/// prefixes, the compressed flag without an encoding, bit flips, random bytes, extreme numbers (huge, negative,
/// NaN, infinities) in well-formed messages, and wrong content types.
/// </summary>
internal sealed class GrpcCorpus(Random random, int tracks)
{
    private static readonly string[] WrongContentTypes = ["application/json", "text/plain", "application/grpc-web", "application/octet-stream", "", "application/grpc; charset=\u00ff", "multipart/form-data; boundary=x"];

    public FuzzRequest Next(bool toIndex)
    {
        var (path, message) = toIndex ? IndexMessage() : ApiMessage();
        var target = toIndex ? "index-grpc" : "api-grpc";
        var payload = message;
        return random.Next(9) switch
        {
            0 => new(target, HttpMethod.Post, path, "application/grpc", Frame(payload), "valid"),
            1 => new(target, HttpMethod.Post, path, "application/grpc", Frame(payload)[..Math.Max(0, 5 + payload.Length - 1 - random.Next(Math.Max(1, payload.Length + 5)))], "truncated-frame"),
            2 => new(target, HttpMethod.Post, path, "application/grpc", Frame(payload, length: (uint)random.Next(payload.Length + 1, int.MaxValue)), "length-too-long"),
            3 => new(target, HttpMethod.Post, path, "application/grpc", Frame(payload, compressed: true), "compressed-flag-without-encoding"),
            4 => new(target, HttpMethod.Post, path, "application/grpc", Frame(FlipBits(payload)), "bit-flips"),
            5 => new(target, HttpMethod.Post, path, "application/grpc", Frame(RandomBytes(random.Next(1, 256))), "random-payload"),
            6 => new(target, HttpMethod.Post, path, WrongContentTypes[random.Next(WrongContentTypes.Length)], Frame(payload), "wrong-content-type"),
            7 => new(target, HttpMethod.Post, path, "application/grpc", [.. Frame(payload), .. Frame(payload)], "two-messages-unary"),
            _ => new(target, HttpMethod.Post, path, "application/grpc", Frame(Extreme(toIndex, out var extremePath)), "extreme-numbers") { Path = extremePath },
        };
    }

    private (string Path, byte[] Message) ApiMessage() => random.Next(3) switch
    {
        0 => ("/botify.v1.Recommender/Next", new NextRequest { User = random.Next(1_000), Track = random.Next(tracks), Time = (float)random.NextDouble() }.ToByteArray()),
        1 => ("/botify.v1.Recommender/Last", new LastRequest { User = random.Next(1_000), Track = random.Next(tracks), Time = (float)random.NextDouble() }.ToByteArray()),
        _ => ("/botify.v1.Recommender/GetTrack", new GetTrackRequest { Track = random.Next(tracks) }.ToByteArray()),
    };

    private (string Path, byte[] Message) IndexMessage() => random.Next(4) switch
    {
        0 => ("/botify.v1.TrackIndex/Search", Search()),
        1 => ("/botify.v1.TrackIndex/SearchBatch", IndexWire.SearchBatch(Enumerable.Range(0, random.Next(1, 8)).Select(_ => Search()).ToList())),
        2 => ("/botify.v1.TrackIndex/SearchByVector", IndexWire.SearchByVector(Enumerable.Range(0, 32).Select(_ => (float)random.NextDouble()).ToList(), 10)),
        _ => ("/botify.v1.TrackIndex/GetInfo", IndexWire.GetInfo()),
    };

    private byte[] Search() => IndexWire.Search(random.Next(tracks), random.Next(1_000), 10);

    private byte[] Extreme(bool toIndex, out string path)
    {
        int Int() => random.Next(6) switch { 0 => int.MaxValue, 1 => int.MinValue, 2 => -1, 3 => tracks, 4 => 0, _ => random.Next() };
        float Float() => random.Next(6) switch { 0 => float.NaN, 1 => float.PositiveInfinity, 2 => float.NegativeInfinity, 3 => -1f, 4 => float.MaxValue, _ => 1e-45f };
        if (!toIndex)
        {
            path = random.Next(2) == 0 ? "/botify.v1.Recommender/Next" : "/botify.v1.Recommender/Last";
            return path.EndsWith("Next", StringComparison.Ordinal)
                ? new NextRequest { User = Int(), Track = Int(), Time = Float() }.ToByteArray()
                : new LastRequest { User = Int(), Track = Int(), Time = Float() }.ToByteArray();
        }

        switch (random.Next(3))
        {
            case 0:
                path = "/botify.v1.TrackIndex/Search";
                return IndexWire.Search(Int(), Int(), Int(), Int(),
                    Enumerable.Range(0, random.Next(4)).Select(_ => Int()).ToList(),
                    Enumerable.Range(0, random.Next(4)).Select(_ => Int()).ToList(),
                    Enumerable.Range(0, random.Next(4)).Select(_ => Float()).ToList());
            case 1:
                path = "/botify.v1.TrackIndex/SearchBatch";
                return IndexWire.SearchBatch(Enumerable.Range(0, random.Next(1, 2_000)).Select(_ => IndexWire.Search(Int(), null, Int(), Int())).ToList());
            default:
                path = "/botify.v1.TrackIndex/SearchByVector";
                return IndexWire.SearchByVector(Enumerable.Range(0, random.Next(3) switch { 0 => 32, 1 => 0, _ => random.Next(1, 5_000) }).Select(_ => Float()).ToList(), Int(), Int());
        }
    }

    private byte[] FlipBits(byte[] payload)
    {
        var copy = payload.Length == 0 ? [0] : (byte[])payload.Clone();
        for (var flips = random.Next(1, 9); flips > 0; flips--)
        {
            copy[random.Next(copy.Length)] ^= (byte)(1 << random.Next(8));
        }

        return copy;
    }

    private byte[] RandomBytes(int count)
    {
        var bytes = new byte[count];
        random.NextBytes(bytes);
        return bytes;
    }

    private static byte[] Frame(byte[] payload, uint? length = null, bool compressed = false)
    {
        var frame = new byte[5 + payload.Length];
        frame[0] = compressed ? (byte)1 : (byte)0;
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), length ?? (uint)payload.Length);
        payload.CopyTo(frame, 5);
        return frame;
    }
}
