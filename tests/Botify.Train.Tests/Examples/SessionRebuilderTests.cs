using Botify.Shared.Events;
using Botify.Train.Examples;

namespace Botify.Train.Tests.Examples;

public sealed class SessionRebuilderTests
{
    private static readonly Dictionary<string, string> NoExperiments = [];

    private static ListenerEvent Next(int user, long at, int track, double time) => new("next", at, user, track, time, 0, track + 1, NoExperiments);

    private static ListenerEvent Last(int user, long at, int track, double time) => new("last", at, user, track, time, 0, null, NoExperiments);

    [Test]
    public void Rebuild_Sources_MarkTheTracksARankingChoseAndThoseDrawnAtRandom()
    {
        // Each event's source is how its recommendation (the next track) was chosen.
        ListenerEvent[] events =
        [
            new("next", 100, 1, 10, 1.0, 0, 11, NoExperiments, Source: "session"),
            new("next", 200, 1, 11, 0.9, 0, 12, NoExperiments, Source: "explore:random"),
            new("next", 300, 1, 12, 0.8, 0, 13, NoExperiments, Source: "fallback:random"),
            new("next", 400, 1, 13, 0.8, 0, 14, NoExperiments, Source: "random"),
            new("next", 500, 1, 14, 0.8, 0, 15, NoExperiments, Source: "fallback:top-pop"),
            new("last", 600, 1, 15, 0.8, 0, null, NoExperiments, Source: null),
        ];

        var session = SessionRebuilder.Rebuild(events, SessionRebuilder.DefaultIdleGap).Single();

        Assert.That(session.Tracks, Is.EqualTo(new[] { 10, 11, 12, 13, 14, 15 }));
        Assert.That(Enumerable.Range(0, 6).Select(session.IsUnchosen), Is.EqualTo(new[] { true, false, true, true, true, false }),
            "the listener's first track and random draws are unchosen; the session source's and top-pop's picks were chosen by a ranking");
    }

    [Test]
    public void Rebuild_InterleavedListeners_SplitsPerListenerAtLast()
    {
        ListenerEvent[] events =
        [
            Next(1, 100, 10, 1.0),
            Next(2, 101, 20, 1.0),
            Next(1, 102, 11, 0.5),
            Next(2, 103, 21, 0.9),
            Last(1, 104, 12, 0.3),
            Next(1, 105, 30, 1.0),
            Last(2, 106, 22, 1.0),
            Last(1, 107, 31, 0.1),
        ];

        var sessions = SessionRebuilder.Rebuild(events, TimeSpan.FromMinutes(30));

        Assert.That(sessions, Has.Count.EqualTo(3));
        Assert.That(sessions[0].User, Is.EqualTo(1));
        Assert.That(sessions[0].Tracks, Is.EqualTo(new[] { 10, 11, 12 }));
        Assert.That(sessions[0].Times, Is.EqualTo(new[] { 1.0f, 0.5f, 0.3f }));
        Assert.That(sessions[1].Tracks, Is.EqualTo(new[] { 30, 31 }));
        Assert.That(sessions[2].User, Is.EqualTo(2));
        Assert.That(sessions[2].Tracks, Is.EqualTo(new[] { 20, 21, 22 }));
        Assert.That(sessions.All(s => s.Ended), Is.True);
    }

    [Test]
    public void Rebuild_EventsOutOfTimeOrder_AreOrderedByTimestamp()
    {
        ListenerEvent[] events = [Last(1, 300, 12, 0.2), Next(1, 100, 10, 1.0), Next(1, 200, 11, 0.8)];

        var sessions = SessionRebuilder.Rebuild(events, TimeSpan.FromMinutes(30));

        Assert.That(sessions.Single().Tracks, Is.EqualTo(new[] { 10, 11, 12 }));
    }

    [Test]
    public void Rebuild_IdleGapWithoutLast_StartsANewUnendedSession()
    {
        var hour = (long)TimeSpan.FromHours(1).TotalMilliseconds;
        ListenerEvent[] events = [Next(1, 0, 10, 1.0), Next(1, 1_000, 11, 0.9), Next(1, hour, 50, 1.0), Last(1, hour + 1_000, 51, 0.4)];

        var sessions = SessionRebuilder.Rebuild(events, TimeSpan.FromMinutes(30));

        Assert.That(sessions, Has.Count.EqualTo(2));
        Assert.That(sessions[0].Ended, Is.False);
        Assert.That(sessions[1].Tracks, Is.EqualTo(new[] { 50, 51 }));
        Assert.That(sessions[1].Ended, Is.True);
    }

    [TestCase(ContextChoice.First, new[] { 10, 10 })]
    [TestCase(ContextChoice.Previous, new[] { 10, 11 })]
    public void ExampleSet_ContextChoice_PicksFirstOrPreviousTrack(ContextChoice choice, int[] expectedContexts)
    {
        var sessions = SessionRebuilder.Rebuild([Next(1, 1, 10, 1.0), Next(1, 2, 11, 0.8), Last(1, 3, 12, 0.2)], TimeSpan.FromMinutes(30));

        var examples = ExampleSet.From(sessions, [0], choice);

        Assert.That(examples.Count, Is.EqualTo(2));
        Assert.That(examples.Contexts, Is.EqualTo(expectedContexts));
        Assert.That(examples.Tracks, Is.EqualTo(new[] { 11, 12 }));
        Assert.That(examples.Times, Is.EqualTo(new[] { 0.8f, 0.2f }));
    }
}
