namespace Botify.Shared.Events;

/// <summary>The values of an event's <c>message</c> field.</summary>
public static class EventMessages
{
    /// <summary>The listener heard a track and asked for the next one.</summary>
    public const string Next = "next";

    /// <summary>The listener heard a track and ended the session.</summary>
    public const string Last = "last";
}
