using Botify.Api.Sessions;

namespace Botify.Api.Tests.Sessions;

public sealed class ListenerSessionTests
{
    [Test]
    public void AddPlayed_Repeat_KeepsTheFirstPlaysShare()
    {
        var session = new ListenerSession(1, 1);

        session.AddPlayed(5, 0.9f);
        session.AddPlayed(6, 0.1f);
        session.AddPlayed(5, 0f);

        Assert.That(session.Played, Is.EqualTo(new[] { 5, 6 }));
        Assert.That(session.Shares, Is.EqualTo(new[] { 0.9f, 0.1f }));
    }

    [Test]
    public void RecentPlays_LongSession_TheLastOnesOldestFirst()
    {
        var session = new ListenerSession(1, 1);
        for (var track = 0; track < 10; track++)
        {
            session.AddPlayed(track, track / 10f);
        }

        var plays = session.RecentPlays(previous: 9, max: 3);

        Assert.That(plays.Previous, Is.EqualTo(9));
        Assert.That(plays.Tracks, Is.EqualTo(new[] { 7, 8, 9 }));
        Assert.That(plays.Shares, Is.EqualTo(new[] { 0.7f, 0.8f, 0.9f }));
    }

    [Test]
    public void Reset_Session_ForgetsShares()
    {
        var session = new ListenerSession(1, 1);
        session.AddPlayed(5, 0.5f);

        session.Reset();
        session.AddPlayed(6, 0.2f);

        Assert.That(session.Shares, Is.EqualTo(new[] { 0.2f }));
    }
}
