using Botify.Api.Sessions;
using Botify.Api.Sources;

namespace Botify.Api.Tests.Sources;

/// <summary>The session-taste source's weights: liked tracks pull, skipped ones push, and a session always has a query.</summary>
public sealed class SessionTasteSourceTests
{
    private const double Threshold = 0.7;
    private const double SkipWeight = 0.3;

    [Test]
    public void Taste_LikedTracks_PullByShareSummingToOne()
    {
        var taste = SessionTasteSource.Taste(Plays(previous: 3, (1, 1.0f), (2, 0.8f), (3, 0.7f)), Threshold, SkipWeight);

        Assert.That(taste.Tracks, Is.EqualTo(new[] { 1, 2, 3 }));
        Assert.That(taste.Weights, Is.EqualTo(new[] { 1.0f / 2.5f, 0.8f / 2.5f, 0.7f / 2.5f }).Within(1e-6f), "a share of exactly the threshold (0.7f) is liked");
        Assert.That(taste.Weights.Sum(), Is.EqualTo(1f).Within(1e-6f));
    }

    [Test]
    public void Taste_SkippedTrack_PushesAwayBySkipWeightTimesUnheardShare()
    {
        var taste = SessionTasteSource.Taste(Plays(previous: 2, (1, 1.0f), (2, 0.2f)), Threshold, SkipWeight);

        Assert.That(taste.Tracks, Is.EqualTo(new[] { 1, 2 }));
        Assert.That(taste.Weights[0], Is.EqualTo(1f).Within(1e-6f));
        Assert.That(taste.Weights[1], Is.EqualTo(-0.3f * 0.8f).Within(1e-6f));
    }

    [Test]
    public void Taste_PreviousSkipped_QueryBacksOffToTheLikedOnes()
    {
        var taste = SessionTasteSource.Taste(Plays(previous: 30, (10, 1.0f), (20, 0.9f), (30, 0.1f)), Threshold, SkipWeight);

        var weightOf = taste.Tracks.Zip(taste.Weights).ToDictionary(p => p.First, p => p.Second);
        Assert.That(weightOf[10], Is.EqualTo(1.0f / 1.9f).Within(1e-6f));
        Assert.That(weightOf[20], Is.EqualTo(0.9f / 1.9f).Within(1e-6f));
        Assert.That(weightOf[30], Is.LessThan(0f), "the skipped previous track pulls away, it is not the query");
    }

    [Test]
    public void Taste_EverythingSkipped_PreviousTrackAlone()
    {
        var taste = SessionTasteSource.Taste(Plays(previous: 3, (1, 0.1f), (2, 0.0f), (3, 0.5f)), Threshold, SkipWeight);

        Assert.That(taste.Tracks, Is.EqualTo(new[] { 3 }));
        Assert.That(taste.Weights, Is.EqualTo(new[] { 1f }));
    }

    [Test]
    public void Taste_NoPlays_PreviousTrackAlone()
    {
        var taste = SessionTasteSource.Taste(new SessionPlays(8, [], []), Threshold, SkipWeight);

        Assert.That(taste.Tracks, Is.EqualTo(new[] { 8 }));
        Assert.That(taste.Weights, Is.EqualTo(new[] { 1f }));
    }

    [Test]
    public void Taste_ManySkips_NegativeWeightsSumToAtMostSkipWeight()
    {
        var plays = Plays(previous: 9, [(1, 1.0f), .. Enumerable.Range(2, 8).Select(t => (t, 0.0f))]);

        var taste = SessionTasteSource.Taste(plays, Threshold, SkipWeight);

        var negative = taste.Weights.Where(w => w < 0).ToArray();
        Assert.That(negative, Has.Length.EqualTo(8));
        Assert.That(negative.Sum(), Is.EqualTo(-0.3f).Within(1e-6f));
        Assert.That(negative, Is.All.EqualTo(-0.3f / 8).Within(1e-6f), "scaled down evenly");
    }

    [Test]
    public void Taste_SkipWeightZero_SkipsLeftOut()
    {
        var taste = SessionTasteSource.Taste(Plays(previous: 2, (1, 1.0f), (2, 0.2f)), Threshold, skipWeight: 0);

        Assert.That(taste.Tracks, Is.EqualTo(new[] { 1 }));
    }

    [Test]
    public void Taste_LongSession_OnlyTheMostRecentFifty()
    {
        var plays = Plays(previous: 79, [.. Enumerable.Range(0, 80).Select(t => (t, 1.0f))]);

        var taste = SessionTasteSource.Taste(plays, Threshold, SkipWeight);

        Assert.That(taste.Tracks, Is.EqualTo(Enumerable.Range(30, SessionTasteSource.MaxTracks)));
    }

    [Test]
    public async Task GetAsync_Plays_AsksTheIndexForTheSessionTaste()
    {
        var index = new RecordingIndex();
        var source = new SessionTasteSource(index, Threshold, SkipWeight);
        var request = new CandidateRequest(User: 4, Context: 1, K: 50, Exclude: [1, 2], Plays(previous: 2, (1, 1.0f), (2, 0.2f)));

        await source.GetAsync(request, default);

        var query = index.Queries.Single();
        Assert.That(source.Name, Is.EqualTo("session"));
        Assert.That(query.Context, Is.EqualTo(1), "still sent, for an index older than session queries");
        Assert.That(query.User, Is.Null);
        Assert.That(query.K, Is.EqualTo(50));
        Assert.That(query.Exclude, Is.EquivalentTo(new[] { 1, 2 }));
        Assert.That(query.Session!.Tracks, Is.EqualTo(new[] { 1, 2 }));
        Assert.That(query.Session.Weights[1], Is.LessThan(0f));
    }

    private static SessionPlays Plays(int previous, params (int Track, float Share)[] plays) =>
        new(previous, [.. plays.Select(p => p.Track)], [.. plays.Select(p => p.Share)]);
}
