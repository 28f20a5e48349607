using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Text;
using Botify.Api.Sources;
using Botify.Protos.V1;
using Google.Protobuf;
using Grpc.Core;

namespace Botify.Api.IndexClient;

/// <summary>
/// The index's <c>SearchBatch</c> method with a reply read off the wire straight into each query's
/// candidates. The generated parser grows every result's packed track list from 8 entries by doubling
/// (a varint list's length is not known ahead), builds a message and two repeated fields per result, and
/// all of it is then copied into candidates: allocations a search does not need.
/// <para>
/// Field numbers are the generated messages' own constants (<see cref="SearchBatchReply.ResultsFieldNumber"/>
/// and the others, from <c>index.proto</c>); packed and unpacked repeated fields are both read, and unknown
/// fields are skipped, as the generated parser does. A malformed reply throws <see cref="InvalidDataException"/>,
/// which the call reports as a failure of every search in the batch.
/// </para>
/// </summary>
internal static class SearchBatchReplyReader
{
    private const int Varint = 0, Fixed64 = 1, LengthDelimited = 2, Fixed32 = 5;

    /// <summary><c>botify.v1.TrackIndex/SearchBatch</c>: the generated request encoding, this reader for the reply.</summary>
    public static readonly Method<SearchBatchRequest, SearchBatchAnswer[]> Method = new(
        MethodType.Unary,
        TrackIndex.Descriptor.FullName,
        nameof(TrackIndex.TrackIndexClient.SearchBatch),
        Marshallers.Create<SearchBatchRequest>(Serialize, context => SearchBatchRequest.Parser.ParseFrom(context.PayloadAsReadOnlySequence())),
        Marshallers.Create<SearchBatchAnswer[]>((_, _) => throw new NotSupportedException("the API only reads SearchBatch replies"), context => Read(context.PayloadAsReadOnlySequence())));

    /// <summary>Reads an encoded <c>SearchBatchReply</c>: one answer per result, in order, each with the reply's model version.</summary>
    public static SearchBatchAnswer[] Read(ReadOnlySequence<byte> payload)
    {
        // Count the results first, so the answers take one array of the right size.
        var count = 0;
        var reader = new SequenceReader<byte>(payload);
        while (!reader.End)
        {
            var (field, wire) = ReadTag(ref reader);
            count += field == SearchBatchReply.ResultsFieldNumber && wire == LengthDelimited ? 1 : 0;
            Skip(ref reader, wire);
        }

        var answers = new SearchBatchAnswer[count];
        var next = 0;
        var version = string.Empty;
        reader = new SequenceReader<byte>(payload);
        while (!reader.End)
        {
            var (field, wire) = ReadTag(ref reader);
            if (field == SearchBatchReply.ResultsFieldNumber && wire == LengthDelimited)
            {
                answers[next++] = ReadResult(Take(ref reader));
            }
            else if (field == SearchBatchReply.ModelVersionFieldNumber && wire == LengthDelimited)
            {
                version = Encoding.UTF8.GetString(Take(ref reader));
            }
            else
            {
                Skip(ref reader, wire);
            }
        }

        if (version.Length > 0)
        {
            for (var i = 0; i < answers.Length; i++)
            {
                answers[i] = answers[i] with { ModelVersion = version };
            }
        }

        return answers;
    }

    private static SearchBatchAnswer ReadResult(ReadOnlySequence<byte> bytes)
    {
        var reader = new SequenceReader<byte>(bytes);
        int[]? tracks = null;
        float[]? scores = null;
        int trackCount = 0, scoreCount = 0, status = 0;
        var message = string.Empty;
        try
        {
            while (!reader.End)
            {
                var (field, wire) = ReadTag(ref reader);
                switch (field, wire)
                {
                    case (SearchBatchResult.TracksFieldNumber, LengthDelimited):
                        var packedTracks = Take(ref reader);
                        var inner = new SequenceReader<byte>(packedTracks);
                        Grow(ref tracks, trackCount + CountVarints(packedTracks));
                        while (!inner.End)
                        {
                            tracks[trackCount++] = (int)ReadVarint(ref inner);
                        }

                        break;
                    case (SearchBatchResult.TracksFieldNumber, Varint):
                        Grow(ref tracks, trackCount + 1);
                        tracks[trackCount++] = (int)ReadVarint(ref reader);
                        break;
                    case (SearchBatchResult.ScoresFieldNumber, LengthDelimited):
                        var length = ReadLength(ref reader);
                        if (length % sizeof(float) != 0)
                        {
                            throw Malformed("a packed float list's length is not a multiple of 4");
                        }

                        Grow(ref scores, scoreCount + (length / sizeof(float)));
                        for (var end = reader.Consumed + length; reader.Consumed < end;)
                        {
                            scores[scoreCount++] = ReadFloat(ref reader);
                        }

                        break;
                    case (SearchBatchResult.ScoresFieldNumber, Fixed32):
                        Grow(ref scores, scoreCount + 1);
                        scores[scoreCount++] = ReadFloat(ref reader);
                        break;
                    case (SearchBatchResult.StatusFieldNumber, Varint):
                        status = (int)ReadVarint(ref reader);
                        break;
                    case (SearchBatchResult.MessageFieldNumber, LengthDelimited):
                        message = Encoding.UTF8.GetString(Take(ref reader));
                        break;
                    default:
                        Skip(ref reader, wire);
                        break;
                }
            }

            Candidate[] candidates = [];
            if (trackCount == scoreCount && trackCount > 0)
            {
                candidates = new Candidate[trackCount];
                for (var i = 0; i < candidates.Length; i++)
                {
                    candidates[i] = new Candidate(tracks![i], scores![i]);
                }
            }

            return new SearchBatchAnswer(status, message, candidates, trackCount, scoreCount);
        }
        finally
        {
            Return(tracks);
            Return(scores);
        }
    }

    private static void Serialize(SearchBatchRequest message, SerializationContext context)
    {
        context.SetPayloadLength(message.CalculateSize());
        message.WriteTo(context.GetBufferWriter());
        context.Complete();
    }

    private static (int Field, int Wire) ReadTag(ref SequenceReader<byte> reader)
    {
        var tag = ReadVarint(ref reader);
        return ((int)(tag >> 3), (int)(tag & 7));
    }

    private static ulong ReadVarint(ref SequenceReader<byte> reader)
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (!reader.TryRead(out var b))
            {
                throw Malformed("the reply ends inside a varint");
            }

            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }

        throw Malformed("a varint is longer than 10 bytes");
    }

    private static int ReadLength(ref SequenceReader<byte> reader)
    {
        var length = ReadVarint(ref reader);
        if (length > (ulong)reader.Remaining)
        {
            throw Malformed("a length runs past the end of the reply");
        }

        return (int)length;
    }

    private static float ReadFloat(ref SequenceReader<byte> reader) =>
        reader.TryReadLittleEndian(out int bits) ? BitConverter.Int32BitsToSingle(bits) : throw Malformed("the reply ends inside a float");

    /// <summary>The next length-delimited field's bytes; the reader moves past them.</summary>
    private static ReadOnlySequence<byte> Take(ref SequenceReader<byte> reader)
    {
        var length = ReadLength(ref reader);
        var bytes = reader.UnreadSequence.Slice(0, length);
        reader.Advance(length);
        return bytes;
    }

    private static void Skip(ref SequenceReader<byte> reader, int wire)
    {
        long length = wire switch
        {
            Varint => 0,
            Fixed64 => 8,
            LengthDelimited => ReadLength(ref reader),
            Fixed32 => 4,
            _ => throw Malformed($"wire type {wire} is not used by proto3 messages"),
        };
        if (wire == Varint)
        {
            ReadVarint(ref reader);
        }
        else if (length > reader.Remaining)
        {
            throw Malformed("a field runs past the end of the reply");
        }
        else
        {
            reader.Advance(length);
        }
    }

    /// <summary>Varints in a packed list: every one ends with the only byte of it below 0x80.</summary>
    private static int CountVarints(ReadOnlySequence<byte> packed)
    {
        var count = 0;
        foreach (var segment in packed)
        {
            foreach (var b in segment.Span)
            {
                count += b < 0x80 ? 1 : 0;
            }
        }

        return count;
    }

    private static void Grow<T>([NotNull] ref T[]? array, int size)
    {
        if (array is not null && array.Length >= size)
        {
            return;
        }

        var larger = ArrayPool<T>.Shared.Rent(Math.Max(size, 16));
        if (array is not null)
        {
            array.CopyTo(larger, 0);
            ArrayPool<T>.Shared.Return(array);
        }

        array = larger;
    }

    private static void Return<T>(T[]? array)
    {
        if (array is not null)
        {
            ArrayPool<T>.Shared.Return(array);
        }
    }

    private static InvalidDataException Malformed(string what) => new($"malformed SearchBatch reply: {what}");
}
