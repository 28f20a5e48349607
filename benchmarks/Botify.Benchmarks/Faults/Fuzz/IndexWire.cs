using Google.Protobuf;
using Grpc.Core;

namespace Botify.Benchmarks.Faults.Fuzz;

/// <summary>
/// The index's messages written field by field (protos/botify/v1/index.proto), and unary calls with raw bytes.
/// This project sees two generated copies of those types (Botify.Index's public ones and Botify.Api's internal
/// client ones, visible to the benchmarks), so naming them is ambiguous; the wire format is not.
/// </summary>
internal static class IndexWire
{
    private static readonly Marshaller<byte[]> Bytes = Marshallers.Create(bytes => bytes, bytes => bytes);

    public static byte[] Search(int contextTrack, int? user, int k, int ef = 0, IReadOnlyList<int>? exclude = null, IReadOnlyList<int>? sessionTracks = null, IReadOnlyList<float>? sessionWeights = null) =>
        Write(output =>
        {
            Int(output, 1, contextTrack);
            if (user is { } id)
            {
                output.WriteTag(2, WireFormat.WireType.Varint);
                output.WriteInt32(id);
            }

            Int(output, 3, k);
            Int(output, 4, ef);
            Ints(output, 5, exclude);
            Ints(output, 7, sessionTracks);
            Floats(output, 8, sessionWeights);
        });

    public static byte[] SearchBatch(IEnumerable<byte[]> queries) =>
        Write(output =>
        {
            foreach (var query in queries)
            {
                output.WriteTag(1, WireFormat.WireType.LengthDelimited);
                output.WriteBytes(ByteString.CopyFrom(query));
            }
        });

    public static byte[] SearchByVector(IReadOnlyList<float> vector, int k, int ef = 0) =>
        Write(output =>
        {
            Floats(output, 1, vector);
            Int(output, 2, k);
            Int(output, 3, ef);
        });

    public static byte[] GetInfo() => [];

    public static byte[] Reload(string bundlePath) =>
        Write(output =>
        {
            output.WriteTag(1, WireFormat.WireType.LengthDelimited);
            output.WriteString(bundlePath);
        });

    /// <summary>A unary call of <c>botify.v1.TrackIndex/{method}</c> with an encoded request; the reply's bytes.</summary>
    public static Task<byte[]> CallAsync(CallInvoker invoker, string method, byte[] request, TimeSpan deadline) =>
        invoker.AsyncUnaryCall(new Method<byte[], byte[]>(MethodType.Unary, "botify.v1.TrackIndex", method, Bytes, Bytes), null, new CallOptions(deadline: DateTime.UtcNow + deadline), request).ResponseAsync;

    private static byte[] Write(Action<CodedOutputStream> write)
    {
        using var stream = new MemoryStream();
        var output = new CodedOutputStream(stream);
        write(output);
        output.Flush();
        return stream.ToArray();
    }

    private static void Int(CodedOutputStream output, int field, int value)
    {
        if (value != 0)
        {
            output.WriteTag(field, WireFormat.WireType.Varint);
            output.WriteInt32(value);
        }
    }

    private static void Ints(CodedOutputStream output, int field, IReadOnlyList<int>? values)
    {
        foreach (var value in values ?? [])
        {
            output.WriteTag(field, WireFormat.WireType.Varint);
            output.WriteInt32(value);
        }
    }

    private static void Floats(CodedOutputStream output, int field, IReadOnlyList<float>? values)
    {
        foreach (var value in values ?? [])
        {
            output.WriteTag(field, WireFormat.WireType.Fixed32);
            output.WriteFloat(value);
        }
    }
}
