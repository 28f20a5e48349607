using Botify.Protos.V1;

namespace Botify.Api.Tests.EndToEnd;

/// <summary>A listener's session as the course's client plays it: <c>Next</c> for every track heard but the last, <c>Last</c> for the last.</summary>
internal static class ListenerSessions
{
    /// <summary>Plays (track, share heard) in order; the first is the track that starts the session.</summary>
    public static async Task PlayAsync(Recommender.RecommenderClient client, int user, params (int Track, float Time)[] plays)
    {
        foreach (var (track, time) in plays[..^1])
        {
            await client.NextAsync(new NextRequest { User = user, Track = track, Time = time });
        }

        await client.LastAsync(new LastRequest { User = user, Track = plays[^1].Track, Time = plays[^1].Time });
    }

    /// <summary>A session's first call: <paramref name="track"/> heard in full; the reply says what comes next and from where.</summary>
    public static async Task<NextReply> StartAsync(Recommender.RecommenderClient client, int user, int track) =>
        await client.NextAsync(new NextRequest { User = user, Track = track, Time = 1f });
}
