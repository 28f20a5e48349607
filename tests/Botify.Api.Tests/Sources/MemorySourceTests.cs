using Botify.Api.Memory;
using Botify.Api.Sessions;
using Botify.Api.Sources;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Botify.Api.Tests.Sources;

/// <summary>The memory arm: the listener's matching past sessions first, with no index call; the session's taste otherwise.</summary>
public sealed class MemorySourceTests
{
    private const int User = 7;
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UnixEpoch.AddDays(100));
    private InMemoryListenerMemory _memory = null!;

    [SetUp]
    public async Task RememberASession()
    {
        _memory = new InMemoryListenerMemory(Options.Create(new ListenerMemoryOptions()), _time);
        await _memory.AppendAsync(User, new PastSession(_time.GetUtcNow().ToUnixTimeMilliseconds(), [5, 6, 7, 8], [1f, 0.9f, 0.2f, 0.8f]), default);
    }

    [TearDown]
    public void Dispose() => _memory.Dispose();

    [Test]
    public async Task GetAsync_SessionStartedOnARememberedTrack_ServesMemoryWithoutAskingTheIndex()
    {
        var index = new RecordingIndex();
        var arm = Arm(index);

        var result = await arm.GetAsync(Request(User, Plays((5, 1f))), default);

        Assert.That(result.Source, Is.EqualTo(MemorySource.RecalledName));
        Assert.That(result.Candidates.Select(c => c.Track), Is.EqualTo(new[] { 6, 8 }));
        Assert.That(index.Queries, Is.Empty);
    }

    [Test]
    public async Task GetAsync_ListenerWithNoMemory_AsksTheIndexForTheSessionsTaste()
    {
        var index = new RecordingIndex();
        var arm = Arm(index);

        var result = await arm.GetAsync(Request(User + 1, Plays((5, 1f))), default);

        Assert.That(result.Source, Is.Null, "served as the session arm (source 'session')");
        Assert.That(result.Candidates.Select(c => c.Track), Is.EqualTo(new[] { 99 }));
        Assert.That(index.Queries.Single().Session!.Tracks, Is.EqualTo(new[] { 5 }));
    }

    [Test]
    public async Task GetAsync_IndexNeighbourLikedInAPastSession_ServesThatSessionAsMemory()
    {
        var index = new RecordingIndex(_ => new CandidateResult([new Candidate(8, 0.9f), new Candidate(40, 0.8f)], ModelVersion: "m1")) { ModelVersion = "m1" };
        var arm = Arm(index);

        var result = await arm.GetAsync(Request(User, Plays((100, 1f))), default);

        Assert.That(result.Source, Is.EqualTo(MemorySource.RecalledName));
        Assert.That(result.Candidates.Select(c => c.Track), Is.EqualTo(new[] { 5, 6, 8 }));
        Assert.That(result.ModelVersion, Is.EqualTo("m1"), "the index's model found the match");
    }

    [Test]
    public async Task GetAsync_UnrelatedSession_AnswersFromTheIndexAsTheSessionArm()
    {
        var index = new RecordingIndex(_ => new CandidateResult([new Candidate(40, 0.9f)]));
        var arm = Arm(index);

        var result = await arm.GetAsync(Request(User, Plays((100, 1f))), default);

        Assert.That(result.Source, Is.Null);
        Assert.That(result.Candidates.Select(c => c.Track), Is.EqualTo(new[] { 40 }));
    }

    [Test]
    public async Task GetAsync_SkipMemory_AsksTheIndexWithTheRecalledTracksInTheTaste()
    {
        var index = new RecordingIndex();
        var arm = Arm(index);

        var result = await arm.GetAsync(Request(User, Plays((5, 1f))) with { SkipMemory = true }, default);

        Assert.That(result.Source, Is.Null);
        Assert.That(index.Queries.Single().Session!.Tracks, Is.EquivalentTo(new[] { 5, 6, 8 }), "the matched session's liked tracks pull the query");
    }

    private MemorySource Arm(RecordingIndex index) => new(new SessionTasteSource(index, 0.7, 0.3), _memory, TestCatalogs.Create(1_000, tracksPerArtist: 1), 0.7);

    private static CandidateRequest Request(int user, SessionPlays plays) => new(user, plays.Previous, 10, [.. plays.Tracks], plays);

    private static SessionPlays Plays(params (int Track, float Share)[] plays) =>
        new(plays[^1].Track, [.. plays.Select(p => p.Track)], [.. plays.Select(p => p.Share)]);
}
