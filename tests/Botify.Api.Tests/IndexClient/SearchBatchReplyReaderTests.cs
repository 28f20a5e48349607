using System.Buffers;
using Botify.Api.IndexClient;
using Botify.Api.Sources;
using Botify.Protos.V1;
using Google.Protobuf;

namespace Botify.Api.Tests.IndexClient;

/// <summary>The API's own reader of SearchBatch replies against the generated parser, on the same bytes.</summary>
public sealed class SearchBatchReplyReaderTests
{
    [Test]
    public void Read_GeneratedReply_SameAsTheGeneratedParser()
    {
        var random = new Random(4);
        var hits = new SearchBatchResult { Visited = 812 };
        for (var i = 0; i < 100; i++)
        {
            hits.Tracks.Add(i == 0 ? 0 : random.Next(int.MaxValue));
            hits.Scores.Add((float)(random.NextDouble() - 0.5));
        }

        var reply = new SearchBatchReply
        {
            ModelVersion = "v7",
            Results = { hits, new SearchBatchResult { Status = 5, Message = "track 7 is not in the model — cold" }, new SearchBatchResult() },
        };

        AssertSameAsGenerated(reply.ToByteArray());
    }

    [Test]
    public void Read_ReplySplitIntoSmallSegments_SameAnswers()
    {
        var result = new SearchBatchResult { Tracks = { 3, 300, 30_000, 3_000_000 }, Scores = { 0.5f, -1f, 2e-7f, 9f } };
        var bytes = new SearchBatchReply { Results = { result, result } }.ToByteArray();

        var whole = SearchBatchReplyReader.Read(new ReadOnlySequence<byte>(bytes));
        var split = SearchBatchReplyReader.Read(Segments(bytes, size: 3));

        Assert.That(split.Select(a => a.Candidates), Is.EqualTo(whole.Select(a => a.Candidates)));
        Assert.That(whole[0].Candidates, Is.EqualTo(new Candidate[] { new(3, 0.5f), new(300, -1f), new(30_000, 2e-7f), new(3_000_000, 9f) }));
    }

    [Test]
    public void Read_UnpackedAndUnknownFields_SameAsTheGeneratedParser()
    {
        using var result = new MemoryStream();
        using var inner = new CodedOutputStream(result, leaveOpen: true);
        inner.WriteTag(9, WireFormat.WireType.Varint);
        inner.WriteInt64(-5);
        foreach (var (track, score) in new[] { (11, 0.25f), (-2, 0.75f) })
        {
            inner.WriteTag(1, WireFormat.WireType.Varint);
            inner.WriteInt32(track);
            inner.WriteTag(2, WireFormat.WireType.Fixed32);
            inner.WriteFloat(score);
        }

        inner.WriteTag(10, WireFormat.WireType.LengthDelimited);
        inner.WriteBytes(ByteString.CopyFromUtf8("ignored"));
        inner.WriteTag(11, WireFormat.WireType.Fixed64);
        inner.WriteFixed64(42);
        inner.WriteTag(3, WireFormat.WireType.Varint);
        inner.WriteInt32(17);
        inner.Flush();

        using var reply = new MemoryStream();
        using var outer = new CodedOutputStream(reply, leaveOpen: true);
        outer.WriteTag(2, WireFormat.WireType.LengthDelimited);
        outer.WriteString("v1");
        outer.WriteTag(1, WireFormat.WireType.LengthDelimited);
        outer.WriteBytes(ByteString.CopyFrom(result.ToArray()));
        outer.Flush();

        AssertSameAsGenerated(reply.ToArray());
        Assert.That(SearchBatchReplyReader.Read(new ReadOnlySequence<byte>(reply.ToArray()))[0].Candidates, Is.EqualTo(new Candidate[] { new(11, 0.25f), new(-2, 0.75f) }));
    }

    [Test]
    public void Read_MoreTracksThanScores_ReportsBothCountsAndNoCandidates()
    {
        var bytes = new SearchBatchReply { Results = { new SearchBatchResult { Tracks = { 1, 2, 3 }, Scores = { 0.1f, 0.2f } } } }.ToByteArray();

        var answer = SearchBatchReplyReader.Read(new ReadOnlySequence<byte>(bytes)).Single();

        Assert.That((answer.Tracks, answer.Scores), Is.EqualTo((3, 2)));
        Assert.That(answer.Candidates, Is.Empty);
    }

    [Test]
    public void Read_TruncatedReply_ThrowsInvalidData()
    {
        var bytes = new SearchBatchReply { Results = { new SearchBatchResult { Tracks = { 1, 2, 3 }, Scores = { 0.1f, 0.2f, 0.3f } } } }.ToByteArray();

        for (var length = 1; length < bytes.Length; length++)
        {
            Assert.That(() => SearchBatchReplyReader.Read(new ReadOnlySequence<byte>(bytes, 0, length)), Throws.TypeOf<InvalidDataException>(), $"cut at {length} of {bytes.Length} bytes");
        }
    }

    private static void AssertSameAsGenerated(byte[] bytes)
    {
        var expected = SearchBatchReply.Parser.ParseFrom(bytes).Results;
        var actual = SearchBatchReplyReader.Read(new ReadOnlySequence<byte>(bytes));

        Assert.That(actual, Has.Length.EqualTo(expected.Count));
        for (var i = 0; i < actual.Length; i++)
        {
            Assert.That(actual[i].Status, Is.EqualTo(expected[i].Status), $"status of result {i}");
            Assert.That(actual[i].Message, Is.EqualTo(expected[i].Message), $"message of result {i}");
            Assert.That((actual[i].Tracks, actual[i].Scores), Is.EqualTo((expected[i].Tracks.Count, expected[i].Scores.Count)), $"counts of result {i}");
            Assert.That(actual[i].Candidates, Is.EqualTo(expected[i].Tracks.Zip(expected[i].Scores, (track, score) => new Candidate(track, score))), $"hits of result {i}");
        }
    }

    /// <summary>The bytes as a sequence of <paramref name="size"/>-byte segments, as a reply read off the network can arrive.</summary>
    private static ReadOnlySequence<byte> Segments(byte[] bytes, int size)
    {
        var first = new Segment(bytes.AsMemory(0, Math.Min(size, bytes.Length)), 0);
        var last = first;
        for (var start = size; start < bytes.Length; start += size)
        {
            last = last.Append(bytes.AsMemory(start, Math.Min(size, bytes.Length - start)));
        }

        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
