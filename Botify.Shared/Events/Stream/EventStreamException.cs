namespace Botify.Shared.Events.Stream;

/// <summary>The event stream cannot be read or written: the server is unreachable, or the stream is missing.</summary>
public sealed class EventStreamException : Exception
{
    /// <summary>A failure naming the server and stream.</summary>
    public EventStreamException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }

    /// <summary>For serializers and tools; prefer the constructor that names the stream.</summary>
    public EventStreamException()
    {
    }

    /// <summary>For serializers and tools; prefer the constructor that names the stream.</summary>
    public EventStreamException(string message)
        : base(message)
    {
    }
}
