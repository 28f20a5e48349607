using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using Botify.Shared.Experiments;
using NATS.Client.JetStream.Models;

namespace Botify.Shared.Events.Stream;

/// <summary>
/// Where events live on JetStream: one stream, one subject per listener partition
/// (<c>{subject}.{partition}</c>, partition = Murmur3 of the listener id mod <see cref="Partitions"/>), so a
/// listener's events stay on one subject in publish order and a consumer can take a share of the listeners by
/// filtering subjects (docs/operations/event-stream.md).
/// </summary>
public sealed record EventStreamLayout(string Stream = EventStreamLayout.DefaultStream, string Subject = EventStreamLayout.DefaultSubject, int Partitions = EventStreamLayout.DefaultPartitions)
{
    /// <summary>The stream's default name.</summary>
    public const string DefaultStream = "BOTIFY_EVENTS";

    /// <summary>The default subject prefix.</summary>
    public const string DefaultSubject = "botify.events";

    /// <summary>The default number of listener partitions.</summary>
    public const int DefaultPartitions = 16;

    /// <summary>Seed of the partition hash: unrelated to the experiments' salts, so partitions cut across treatments.</summary>
    private const uint PartitionSeed = 0x5EED_E7E7;

    private static readonly SearchValues<char> NotInStreamName = SearchValues.Create(" .*>\t\r\n");
    private static readonly SearchValues<char> NotInSubject = SearchValues.Create(" *>\t\r\n");

    /// <summary>Every subject of the stream.</summary>
    public string Wildcard => Subject + ".>";

    /// <summary>The partition a listener's events go to.</summary>
    public int PartitionOf(int user)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(bytes, user);
        return (int)(Murmur3.Hash32(bytes, PartitionSeed) % (uint)Partitions);
    }

    /// <summary>The subject of one partition.</summary>
    public string SubjectOf(int partition) => string.Create(CultureInfo.InvariantCulture, $"{Subject}.{partition}");

    /// <summary>The stream's configuration: file storage, kept <paramref name="maxAge"/>, retries deduplicated within <paramref name="duplicateWindow"/>.</summary>
    public StreamConfig Config(int replicas, TimeSpan maxAge, TimeSpan duplicateWindow) => new(Stream, [Wildcard])
    {
        Storage = StreamConfigStorage.File,
        NumReplicas = replicas,
        MaxAge = maxAge,
        DuplicateWindow = duplicateWindow,
        Retention = StreamConfigRetention.Limits,
        Discard = StreamConfigDiscard.Old,
        Description = "Botify's listener events (next/last calls), one subject per listener partition",
    };

    /// <summary>Checks names and counts, naming the one that is wrong.</summary>
    /// <exception cref="ArgumentException">A name is not a valid stream name or subject, or partitions is out of range.</exception>
    public EventStreamLayout Validated()
    {
        if (string.IsNullOrWhiteSpace(Stream) || Stream.AsSpan().IndexOfAny(NotInStreamName) >= 0)
        {
            throw new ArgumentException($"stream name '{Stream}' is not valid: no spaces, '.', '*' or '>'", nameof(Stream));
        }

        if (string.IsNullOrWhiteSpace(Subject) || Subject.AsSpan().IndexOfAny(NotInSubject) >= 0 || Subject.StartsWith('.') || Subject.EndsWith('.'))
        {
            throw new ArgumentException($"subject '{Subject}' is not valid: dot-separated tokens without spaces or wildcards", nameof(Subject));
        }

        if (Partitions is < 1 or > 4096)
        {
            throw new ArgumentException($"partitions {Partitions} is out of range 1..4096", nameof(Partitions));
        }

        return this;
    }
}
