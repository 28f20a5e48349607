using Botify.Api.Fatigue;
using Botify.Api.Sessions;

namespace Botify.Api.Tests.Fatigue;

/// <summary>
/// DESIGN.md "The fatigue rules", steps 1–4, one row per rule. Track t is by artist t / 10;
/// threshold 0.7, artistsTimeout 1, tracksTimeout 2 (small, so eviction shows).
/// </summary>
public sealed class FatigueRulesTests
{
    private static readonly FatigueOptions Rules = new() { Threshold = 0.7, ArtistsTimeout = 1, TracksTimeout = 2 };

    private static IEnumerable<TestCaseData> Rows()
    {
        yield return Row("first track heard well is the history's bottom and the context", [(5, 1.0)], history: [5], staleTracks: [], staleArtists: [], context: 5);
        yield return Row("a skip with an empty history keeps the current track as context", [(5, 0.1)], history: [], staleTracks: [5], staleArtists: [0], context: 5);
        yield return Row("a skip leaves the context at the history's top", [(5, 1.0), (15, 0.2)], history: [5], staleTracks: [15], staleArtists: [1], context: 5);
        yield return Row("time exactly at the threshold counts as heard", [(5, 0.7)], history: [5], staleTracks: [], staleArtists: [], context: 5);
        yield return Row("time just below the threshold is a skip", [(5, 0.69)], history: [], staleTracks: [5], staleArtists: [0], context: 5);
        yield return Row("well-heard tracks stack; the last is the context", [(5, 1.0), (25, 0.9), (45, 0.8)], history: [5, 25, 45], staleTracks: [], staleArtists: [], context: 45);
        yield return Row("stale tracks are a FIFO: the oldest is evicted", [(1, 0.0), (12, 0.0), (23, 0.0)], history: [], staleTracks: [12, 23], staleArtists: [2], context: 23);
        yield return Row("artist overflow pops every top by that artist", [(5, 1.0), (11, 1.0), (12, 1.0), (35, 0.0), (13, 0.0)], history: [5], staleTracks: [35, 13], staleArtists: [1], context: 5);
        yield return Row("artist overflow stops at a top by another artist", [(11, 1.0), (5, 1.0), (35, 0.0), (12, 0.0)], history: [11, 5], staleTracks: [35, 12], staleArtists: [1], context: 5);
        yield return Row("artist overflow may empty the history: context falls to the current track", [(11, 1.0), (12, 1.0), (35, 0.0), (13, 0.0)], history: [], staleTracks: [35, 13], staleArtists: [1], context: 13);
        yield return Row("no overflow while the artist buffer has room", [(31, 1.0), (35, 0.0)], history: [31], staleTracks: [35], staleArtists: [3], context: 31);
        yield return Row("an artist already stale changes nothing more", [(11, 1.0), (35, 0.0), (36, 0.0)], history: [11], staleTracks: [35, 36], staleArtists: [3], context: 11);
        yield return Row("a repeat heard well is pushed again", [(5, 1.0), (7, 1.0), (5, 1.0)], history: [5, 7, 5], staleTracks: [], staleArtists: [], context: 5);
    }

    [TestCaseSource(nameof(Rows))]
    public void Apply_Sequence_LeavesExpectedState((int Track, double Time)[] steps, int[] history, int[] staleTracks, int[] staleArtists, int context)
    {
        var session = new ListenerSession(Rules.TracksTimeout, Rules.ArtistsTimeout);
        SessionView view = null!;
        foreach (var (track, time) in steps)
        {
            view = FatigueRules.Apply(session, track, time, Rules, track => track / 10);
        }

        Assert.Multiple(() =>
        {
            Assert.That(session.History, Is.EqualTo(history), "history");
            Assert.That(session.StaleTracks.Items, Is.EqualTo(staleTracks), "staleTracks");
            Assert.That(session.StaleArtists.Items, Is.EqualTo(staleArtists), "staleArtists");
            Assert.That(view.Context, Is.EqualTo(context), "context");
            Assert.That(session.Played, Is.EquivalentTo(steps.Select(s => s.Track).Distinct()), "played");
        });
    }

    [Test]
    public void Apply_NoFatigueLayer_ContextIsCurrentTrackAndNothingIsFiltered()
    {
        var session = new ListenerSession(0, 0);
        FatigueRules.Apply(session, 5, 1.0, null, t => t / 10);

        var view = FatigueRules.Apply(session, 15, 0.0, null, t => t / 10);

        Assert.That(view.Context, Is.EqualTo(15));
        Assert.That(view.ApplyFilters, Is.False);
        Assert.That(view.Allows(5, 0), Is.True);
        Assert.That(view.ExcludedTracks(), Is.Empty);
        Assert.That(session.Played, Is.EqualTo(new[] { 5, 15 }), "played is kept for the fallback");
    }

    [Test]
    public void Allows_FilterOn_RejectsPlayedStaleTrackAndStaleArtist()
    {
        var view = new SessionView(1, [1, 2], [3], [9], applyFilters: true);

        Assert.Multiple(() =>
        {
            Assert.That(view.Allows(2, 0), Is.False, "played");
            Assert.That(view.Allows(3, 0), Is.False, "stale track");
            Assert.That(view.Allows(90, 9), Is.False, "stale artist");
            Assert.That(view.Allows(4, 0), Is.True, "clean");
            Assert.That(view.ExcludedTracks(), Is.EquivalentTo(new[] { 1, 2, 3 }));
        });
    }

    private static TestCaseData Row(string name, (int, double)[] steps, int[] history, int[] staleTracks, int[] staleArtists, int context) =>
        new TestCaseData(steps, history, staleTracks, staleArtists, context).SetName("Apply_" + name.Replace(' ', '_').Replace(':', '_').Replace(';', '_'));
}
