using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Botify.Shared.Events;

/// <summary>
/// Writes and parses event log lines. Field names and order follow the course's log, so its
/// notebooks and Botify's tools read each other's files.
/// </summary>
public static class EventJson
{
    private static readonly JsonEncodedText MessageName = JsonEncodedText.Encode("message");
    private static readonly JsonEncodedText TimestampName = JsonEncodedText.Encode("timestamp");
    private static readonly JsonEncodedText UserName = JsonEncodedText.Encode("user");
    private static readonly JsonEncodedText TrackName = JsonEncodedText.Encode("track");
    private static readonly JsonEncodedText TimeName = JsonEncodedText.Encode("time");
    private static readonly JsonEncodedText LatencyName = JsonEncodedText.Encode("latency");
    private static readonly JsonEncodedText RecommendationName = JsonEncodedText.Encode("recommendation");
    private static readonly JsonEncodedText ExperimentsName = JsonEncodedText.Encode("experiments");
    private static readonly JsonEncodedText SourceName = JsonEncodedText.Encode("source");
    private static readonly JsonEncodedText IdName = JsonEncodedText.Encode("id");

    /// <summary>Writes <paramref name="value"/> as one JSON object (no newline).</summary>
    public static void Write(Utf8JsonWriter writer, ListenerEvent value)
    {
        WriteFields(writer, value);
        if (value.Id is not null)
        {
            writer.WriteString(IdName, value.Id);
        }

        writer.WriteEndObject();
    }

    /// <summary>
    /// Writes <paramref name="value"/> with <paramref name="id"/> as its id, whatever its own: the stream sink numbers
    /// events without making a string, or a copy of the event, for each.
    /// </summary>
    public static void Write(Utf8JsonWriter writer, ListenerEvent value, ReadOnlySpan<char> id)
    {
        WriteFields(writer, value);
        writer.WriteString(IdName, id);
        writer.WriteEndObject();
    }

    /// <summary>The object's start and every field but the id.</summary>
    private static void WriteFields(Utf8JsonWriter writer, ListenerEvent value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        writer.WriteStartObject();
        writer.WriteString(MessageName, value.Message);
        writer.WriteNumber(TimestampName, value.Timestamp);
        writer.WriteNumber(UserName, value.User);
        writer.WriteNumber(TrackName, value.Track);
        writer.WriteNumber(TimeName, value.Time);
        writer.WriteNumber(LatencyName, value.Latency);
        if (value.Recommendation is { } recommendation)
        {
            writer.WriteNumber(RecommendationName, recommendation);
        }
        else
        {
            writer.WriteNull(RecommendationName);
        }

        writer.WriteStartObject(ExperimentsName);
        foreach (var (name, treatment) in value.Experiments)
        {
            writer.WriteString(name, treatment);
        }

        writer.WriteEndObject();
        if (value.Source is not null)
        {
            writer.WriteString(SourceName, value.Source);
        }
    }

    /// <summary>The event as one JSON line without the newline.</summary>
    public static string Serialize(ListenerEvent value)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer, value);
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>The event as one JSON object in UTF-8 (a stream message's body).</summary>
    public static byte[] SerializeToUtf8Bytes(ListenerEvent value)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer, value);
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Parses one line. Unknown fields are ignored; the message names a missing or mistyped field.</summary>
    /// <exception cref="FormatException">The line is not an event.</exception>
    public static ListenerEvent Parse(ReadOnlySpan<byte> utf8Line)
    {
        try
        {
            return ParseCore(utf8Line);
        }
        catch (JsonException e)
        {
            throw new FormatException($"not valid JSON ({e.Message})", e);
        }
        catch (InvalidOperationException e)
        {
            throw new FormatException($"a field has the wrong type ({e.Message})", e);
        }
    }

    /// <summary>Parses one line given as text.</summary>
    /// <exception cref="FormatException">The line is not an event.</exception>
    public static ListenerEvent Parse(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        return Parse(Encoding.UTF8.GetBytes(line));
    }

    private static ListenerEvent ParseCore(ReadOnlySpan<byte> utf8Line)
    {
        var reader = new Utf8JsonReader(utf8Line, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new FormatException("expected a JSON object");
        }

        string? message = null, source = null, id = null;
        long? timestamp = null;
        int? user = null, track = null, recommendation = null;
        double? time = null, latency = null;
        var experiments = new Dictionary<string, string>(StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var field = reader.GetString()!;
            reader.Read();
            switch (field)
            {
                case "message": message = reader.GetString(); break;
                case "timestamp": timestamp = reader.GetInt64(); break;
                case "user": user = reader.GetInt32(); break;
                case "track": track = reader.GetInt32(); break;
                case "time": time = reader.GetDouble(); break;
                case "latency": latency = reader.GetDouble(); break;
                case "recommendation": recommendation = reader.TokenType == JsonTokenType.Null ? null : reader.GetInt32(); break;
                case "source": source = reader.TokenType == JsonTokenType.Null ? null : reader.GetString(); break;
                case "id": id = reader.TokenType == JsonTokenType.Null ? null : reader.GetString(); break;
                case "experiments": ReadExperiments(ref reader, experiments); break;
                default: reader.Skip(); break;
            }
        }

        return new ListenerEvent(
            message ?? throw Missing("message"),
            timestamp ?? throw Missing("timestamp"),
            user ?? throw Missing("user"),
            track ?? throw Missing("track"),
            time ?? throw Missing("time"),
            latency ?? 0,
            recommendation,
            experiments,
            source,
            id);
    }

    private static void ReadExperiments(ref Utf8JsonReader reader, Dictionary<string, string> experiments)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return;
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new FormatException("field 'experiments' must be an object {name: treatment}");
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString()!;
            reader.Read();
            experiments[name] = reader.GetString() ?? throw new FormatException($"experiments.{name} is null");
        }
    }

    private static FormatException Missing(string field) => new($"field '{field}' is missing");
}
