namespace Botify.Train.Examples;

/// <summary>Which track of a session is the context an example is learned against.</summary>
public enum ContextChoice
{
    /// <summary>The session's first track (the course seminar's choice): "listeners who started here liked this".</summary>
    First = 0,

    /// <summary>The track heard just before: "after this track, listeners liked that one".</summary>
    Previous = 1,
}
