using System.Globalization;

namespace Botify.Shared.Events.Stream;

/// <summary>What to read off the event stream: the server, the stream's layout, the time window and the durable consumer's name.</summary>
/// <param name="Url">NATS server URL(s), comma-separated.</param>
/// <param name="Layout">Stream name and subjects.</param>
/// <param name="Since">Events stored from this moment on; null for the whole stream.</param>
/// <param name="Consumer">Name of the durable consumer the read goes through (made again on each read).</param>
public sealed record EventStreamSource(string Url, EventStreamLayout Layout, DateTimeOffset? Since = null, string Consumer = EventStreamSource.DefaultConsumer)
{
    /// <summary>The default durable consumer name.</summary>
    public const string DefaultConsumer = "botify-reader";

    /// <summary>Where the read is described in messages: <c>stream BOTIFY_EVENTS at nats://…</c>.</summary>
    public override string ToString() => $"stream {Layout.Stream} at {Url}";

    /// <summary>Parses a window such as <c>24h</c>, <c>7d</c>, <c>90m</c>, <c>30s</c>, or a <see cref="TimeSpan"/> (<c>1.12:00:00</c>).</summary>
    /// <exception cref="FormatException">The text is not a positive window; the message quotes it.</exception>
    public static TimeSpan ParseWindow(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim();
        TimeSpan window;
        if (trimmed.Length > 1 && double.TryParse(trimmed.AsSpan(0, trimmed.Length - 1), NumberStyles.Float, CultureInfo.InvariantCulture, out var count)
            && char.ToLowerInvariant(trimmed[^1]) is 'd' or 'h' or 'm' or 's')
        {
            window = char.ToLowerInvariant(trimmed[^1]) switch
            {
                'd' => TimeSpan.FromDays(count),
                'h' => TimeSpan.FromHours(count),
                'm' => TimeSpan.FromMinutes(count),
                _ => TimeSpan.FromSeconds(count),
            };
        }
        else if (!TimeSpan.TryParse(trimmed, CultureInfo.InvariantCulture, out window))
        {
            throw new FormatException($"window '{text}' is not a duration: use 24h, 7d, 90m, 30s or d.hh:mm:ss");
        }

        return window > TimeSpan.Zero ? window : throw new FormatException($"window '{text}' must be positive");
    }
}
