namespace Botify.Train.Examples;

/// <summary>
/// Training examples in columns (listener, context, track, share heard, session), so an epoch
/// walks flat arrays. One example per heard track after the first of its session.
/// </summary>
public sealed class ExampleSet
{
    private ExampleSet(int[] users, int[] contexts, int[] tracks, float[] times, int[] sessions)
    {
        Users = users;
        Contexts = contexts;
        Tracks = tracks;
        Times = times;
        Sessions = sessions;
    }

    public int[] Users { get; }

    public int[] Contexts { get; }

    public int[] Tracks { get; }

    public float[] Times { get; }

    /// <summary>Index of the example's session in the list it was built from.</summary>
    public int[] Sessions { get; }

    public int Count => Users.Length;

    /// <summary>Builds the examples of the chosen sessions.</summary>
    public static ExampleSet From(IReadOnlyList<LoggedSession> sessions, IEnumerable<int> chosen, ContextChoice context)
    {
        ArgumentNullException.ThrowIfNull(sessions);
        ArgumentNullException.ThrowIfNull(chosen);
        var users = new List<int>();
        var contexts = new List<int>();
        var tracks = new List<int>();
        var times = new List<float>();
        var ids = new List<int>();
        foreach (var s in chosen)
        {
            var session = sessions[s];
            for (var i = 1; i < session.Tracks.Count; i++)
            {
                users.Add(session.User);
                contexts.Add(context == ContextChoice.First ? session.Tracks[0] : session.Tracks[i - 1]);
                tracks.Add(session.Tracks[i]);
                times.Add(session.Times[i]);
                ids.Add(s);
            }
        }

        return new ExampleSet([.. users], [.. contexts], [.. tracks], [.. times], [.. ids]);
    }
}
