using Botify.Api.Memory;
using Botify.Shared.Events;

namespace Botify.Api.Tests.Memory;

/// <summary>Events back into ended sessions, as <c>Next</c>… <c>Last</c> record them online (RecommendationService).</summary>
public sealed class SessionReplayTests
{
    [Test]
    public void Add_InterleavedListeners_EachSessionEndsOnItsLast()
    {
        var replay = new SessionReplay(new Dictionary<int, long>(), maxTracks: 32);

        foreach (var item in new[]
        {
            Next(100, user: 1, track: 0, time: 1.0),
            Next(110, user: 2, track: 50, time: 1.0),
            Next(120, user: 1, track: 5, time: 0.9),
            Next(130, user: 1, track: 6, time: 0.2),
            Last(140, user: 2, track: 51, time: 0.8),
            Last(150, user: 1, track: 7, time: 1.0),
            Next(160, user: 1, track: 8, time: 1.0),
            Last(170, user: 1, track: 9, time: 0.4),
        })
        {
            replay.Add(item);
        }

        Assert.That(Described(replay), Is.EqualTo(new[]
        {
            "2 @140: 50/1 51/0.8",
            "1 @150: 0/1 5/0.9 6/0.2 7/1",
            "1 @170: 8/1 9/0.4",
        }));
        Assert.That(replay.Events, Is.EqualTo(8));
        Assert.That(replay.Unfinished, Is.Zero);
    }

    [Test]
    public void Add_GapLongerThanTheIdleTtl_TheSessionBeforeItIsUnfinished()
    {
        // Online a session idle past Sessions:IdleTtl starts afresh, so the plays before the gap end nowhere.
        var replay = new SessionReplay(new Dictionary<int, long>(), maxTracks: 32, idleTtlMs: 1_000);

        replay.Add(Next(100, user: 1, track: 0, time: 1.0));
        replay.Add(Next(200, user: 1, track: 5, time: 0.9));
        replay.Add(Next(5_000, user: 1, track: 6, time: 1.0));
        replay.Add(Last(5_100, user: 1, track: 7, time: 0.8));

        Assert.That(Described(replay), Is.EqualTo(new[] { "1 @5100: 6/1 7/0.8" }));
        Assert.That(replay.Unfinished, Is.EqualTo(1));
    }

    [Test]
    public void Add_RepeatedTrack_KeepsItsFirstShare()
    {
        var replay = new SessionReplay(new Dictionary<int, long>(), maxTracks: 32);

        replay.Add(Next(100, user: 1, track: 0, time: 1.0));
        replay.Add(Next(110, user: 1, track: 5, time: 0.9));
        replay.Add(Next(120, user: 1, track: 5, time: 0.0));
        replay.Add(Last(130, user: 1, track: 0, time: 0.1));

        Assert.That(Described(replay), Is.EqualTo(new[] { "1 @130: 0/1 5/0.9" }), "a repeat, the last track included, says nothing new");
    }

    [Test]
    public void Add_SessionLongerThanMaxTracks_KeepsItsFirstTrackAndTheBestHeard()
    {
        var replay = new SessionReplay(new Dictionary<int, long>(), maxTracks: 3);

        replay.Add(Next(100, user: 1, track: 0, time: 0.5));
        replay.Add(Next(110, user: 1, track: 1, time: 0.2));
        replay.Add(Next(120, user: 1, track: 2, time: 0.9));
        replay.Add(Next(130, user: 1, track: 3, time: 0.1));
        replay.Add(Last(140, user: 1, track: 4, time: 0.8));

        Assert.That(Described(replay), Is.EqualTo(new[] { "1 @140: 0/0.5 2/0.9 4/0.8" }));
    }

    [Test]
    public void Add_NoLast_DropsTheSessionAndCountsItUnfinished()
    {
        var replay = new SessionReplay(new Dictionary<int, long>(), maxTracks: 32);

        replay.Add(Next(100, user: 1, track: 0, time: 1.0));
        replay.Add(Next(110, user: 2, track: 50, time: 1.0));
        replay.Add(Last(120, user: 2, track: 51, time: 1.0));
        replay.Add(Next(130, user: 2, track: 52, time: 1.0));

        Assert.That(Described(replay), Is.EqualTo(new[] { "2 @120: 50/1 51/1" }));
        Assert.That(replay.Unfinished, Is.EqualTo(2), "listener 1's only session and listener 2's second");
    }

    [Test]
    public void Add_ForgottenListener_SkipsTheirEventsUpToTheForget()
    {
        var replay = new SessionReplay(new Dictionary<int, long> { [1] = 125 }, maxTracks: 32);

        replay.Add(Next(100, user: 1, track: 0, time: 1.0));
        replay.Add(Last(120, user: 1, track: 1, time: 1.0));
        replay.Add(Next(125, user: 1, track: 2, time: 1.0));
        replay.Add(Next(110, user: 2, track: 50, time: 1.0));
        replay.Add(Last(130, user: 2, track: 51, time: 1.0));
        replay.Add(Next(140, user: 1, track: 3, time: 1.0));
        replay.Add(Last(150, user: 1, track: 4, time: 1.0));

        Assert.That(Described(replay), Is.EqualTo(new[] { "2 @130: 50/1 51/1", "1 @150: 3/1 4/1" }), "what the listener did after the forget is theirs again");
        Assert.That(replay.SkippedForgotten, Is.EqualTo(3), "the forget's own millisecond included");
        Assert.That(replay.Events, Is.EqualTo(7));
    }

    // Regression: a 'last' with no session open (a retried Last, or one after the session expired) ends nothing
    // online (ISessionStore.EndAsync returns null), but the replay remembered a one-track session for it.
    [Test]
    public void Add_LastWithNoOpenSession_RecordsNothing()
    {
        var replay = new SessionReplay(new Dictionary<int, long>(), maxTracks: 32);

        replay.Add(Next(100, user: 1, track: 0, time: 1.0));
        replay.Add(Last(110, user: 1, track: 1, time: 1.0));
        replay.Add(Last(120, user: 1, track: 1, time: 1.0));
        replay.Add(Last(130, user: 2, track: 9, time: 1.0));

        Assert.That(Described(replay), Is.EqualTo(new[] { "1 @110: 0/1 1/1" }));
    }

    [Test]
    public void ReadFile_LinesThatAreNotEvents_SkippedAndCounted()
    {
        using var folder = new TempFolder();
        var path = folder.File("events-000000.jsonl");
        File.WriteAllLines(path,
        [
            EventJson.Serialize(Next(100, user: 1, track: 0, time: 1.0)),
            "not json",
            string.Empty,
            EventJson.Serialize(Next(110, user: 1, track: 5, time: 0.9)),
            """{"message":"next","timestamp":115,"user":1}""",
            EventJson.Serialize(Last(120, user: 1, track: 6, time: 1.0))[..40],
        ]);
        File.AppendAllText(path, EventJson.Serialize(Last(130, user: 1, track: 7, time: 0.8)) + "\n");
        var replay = new SessionReplay(new Dictionary<int, long>(), maxTracks: 32);
        var badLines = new List<int>();

        replay.ReadFile(path, badLines.Add);

        Assert.That(badLines, Is.EqualTo(new[] { 2, 5, 6 }), "the garbage, the event missing fields and the half-written line");
        Assert.That(replay.BadLines, Is.EqualTo(3));
        Assert.That(replay.Events, Is.EqualTo(3));
        Assert.That(Described(replay), Is.EqualTo(new[] { "1 @130: 0/1 5/0.9 7/0.8" }));
    }

    internal static ListenerEvent Next(long timestamp, int user, int track, double time) =>
        new(EventMessages.Next, timestamp, user, track, time, 0.001, track + 1, new Dictionary<string, string> { ["MEMORY"] = "M" }, "session");

    internal static ListenerEvent Last(long timestamp, int user, int track, double time) =>
        new(EventMessages.Last, timestamp, user, track, time, 0.001, null, new Dictionary<string, string> { ["MEMORY"] = "M" });

    /// <summary>"user @ended: track/share …" per ended session, in the order they ended.</summary>
    private static string[] Described(SessionReplay replay) =>
        [.. replay.Ended.Select(e => Describe(e.User, e.Session))];

    internal static string Describe(int user, PastSession session) =>
        FormattableString.Invariant($"{user} @{session.EndedMs}: {string.Join(' ', session.Tracks.Zip(session.Shares, (t, s) => FormattableString.Invariant($"{t}/{s}")))}");
}
