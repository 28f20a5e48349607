using Botify.Api.Core;
using Botify.Protos.V1;
using Botify.Shared.Experiments;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Reflection.V1Alpha;

namespace Botify.Api.Tests.EndToEnd;

/// <summary>The gRPC front door against a scripted index: a whole session, bad input, GetTrack, health, reflection.</summary>
[Category("Integration")]
public sealed class RecommenderServiceTests
{
    private TempFolder _folder = null!;
    private FakeIndex _index = null!;
    private ApiServer _api = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _folder = new TempFolder();
        _index = await FakeIndex.StartAsync();
        var catalog = TestCatalogs.Write(_folder, tracks: 200, tracksPerArtist: 10);
        _api = await ApiServer.StartAsync(catalog, _index.Address, _folder, [
            .. ApiServer.Treatment(0, "C", "Contextual", k: 5, retryK: 50),
            .. ApiServer.Treatment(1, "T1", "Contextual", k: 5, retryK: 50),
            // These tests pin the rules, not latency: a cold JIT must not turn a reply into a fallback.
            "--Index:AttemptTimeout=00:00:05",
            "--Index:TotalTimeout=00:00:10",
            // The session reaches the index as its exclude only when every call asks the index.
            "--CandidateCache:Enabled=false",
        ]);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await _api.DisposeAsync();
        await _index.DisposeAsync();
        _folder.Dispose();
    }

    [SetUp]
    public void ResetIndex()
    {
        _index.Answer = FakeIndex.Following;
        _index.Requests.Clear();
    }

    [Test]
    public async Task Next_WholeSession_EachFatigueRuleFires()
    {
        const int user = 3;
        // Track t is by artist t / 10.
        var first = await Next(user, 0, 1.0f);
        Assert.That(first.Source, Is.EqualTo("contextual"));
        Assert.That(first.Track, Is.InRange(1, 5));
        Assert.That(LastRequest().Exclude, Is.EquivalentTo(new[] { 0 }), "played goes to the index as exclude");

        await Next(user, 11, 1.0f);
        await Next(user, 12, 1.0f);
        Assert.That(LastRequest().ContextTrack, Is.EqualTo(12), "well-heard tracks stack; the top is the context");

        _index.Answer = _ => [36, 37, 13];
        var afterSkip = await Next(user, 35, 0.0f);
        Assert.That(LastRequest().ContextTrack, Is.EqualTo(12), "a skip keeps the context at the history's top");
        Assert.That(LastRequest().Exclude, Does.Contain(35), "the skipped track is stale");
        Assert.That(afterSkip.Track, Is.EqualTo(13), "36 and 37 are by the stale artist 3");

        _index.Answer = _ => [14, 2];
        var afterOverflow = await Next(user, 13, 0.0f);
        Assert.That(LastRequest().ContextTrack, Is.EqualTo(0), "skipping artist 1 overflowed the artist buffer: the history backed off past 12 and 11");
        Assert.That(afterOverflow.Track, Is.EqualTo(2), "14 is by the now stale artist 1");

        _index.Answer = r => r.K == 5 ? [0, 11] : [44];
        _index.Requests.Clear();
        var afterRetry = await Next(user, 2, 1.0f);
        Assert.That(_index.Requests.Select(r => r.K), Is.EqualTo(new[] { 5, 50 }), "all candidates filtered: one retry with the larger k");
        Assert.That(afterRetry.Track, Is.EqualTo(44));

        _index.Answer = _ => throw new RpcException(new Status(StatusCode.NotFound, "cold track"));
        var fallback = await Next(user, 44, 1.0f);
        Assert.That(fallback.Source, Does.StartWith("fallback:"));
        Assert.That(new[] { 0, 11, 12, 35, 13, 2, 44 }, Does.Not.Contain(fallback.Track), "the fallback skips played tracks");

        _index.Answer = FakeIndex.Following;
        await _api.Client.LastAsync(new LastRequest { User = user, Track = fallback.Track, Time = 0.5f });
        await Next(user, 100, 1.0f);
        Assert.That(LastRequest().Exclude, Is.EquivalentTo(new[] { 100 }), "Last reset the session");
        Assert.That(LastRequest().ContextTrack, Is.EqualTo(100));
    }

    [Test]
    public async Task Next_AnyListener_ReturnsTheMurmur3Treatment()
    {
        var assigner = new TreatmentAssigner("RECOMMENDERS", ["C", "T1"]);
        for (var user = 1000; user < 1010; user++)
        {
            var reply = await Next(user, 7, 1.0f);
            Assert.That(reply.Treatment, Is.EqualTo(assigner.Assign(user)));
            Assert.That(reply.Experiment, Is.EqualTo("RECOMMENDERS"));
        }
    }

    [TestCase(-1, 5, 0.5f, StatusCode.InvalidArgument, "user")]
    [TestCase(1, 200, 0.5f, StatusCode.NotFound, "track 200")]
    [TestCase(1, -3, 0.5f, StatusCode.NotFound, "track -3")]
    [TestCase(1, 5, float.NaN, StatusCode.InvalidArgument, "time is NaN")]
    [TestCase(1, 5, -0.1f, StatusCode.InvalidArgument, "time")]
    [TestCase(1, 5, 1.5f, StatusCode.InvalidArgument, "time")]
    public void NextAndLast_BadInput_RefusedWithStatusNamingTheField(int user, int track, float time, StatusCode code, string named)
    {
        var next = Assert.ThrowsAsync<RpcException>(async () => await _api.Client.NextAsync(new NextRequest { User = user, Track = track, Time = time }));
        var last = Assert.ThrowsAsync<RpcException>(async () => await _api.Client.LastAsync(new LastRequest { User = user, Track = track, Time = time }));

        Assert.That(next!.StatusCode, Is.EqualTo(code));
        Assert.That(next.Status.Detail, Does.Contain(named));
        Assert.That(last!.StatusCode, Is.EqualTo(code));
    }

    [Test]
    public async Task Next_AfterBadInput_SessionUnchanged()
    {
        const int user = 77;
        await Next(user, 0, 1.0f);
        Assert.ThrowsAsync<RpcException>(async () => await _api.Client.NextAsync(new NextRequest { User = user, Track = 9, Time = float.NaN }));
        Assert.ThrowsAsync<RpcException>(async () => await _api.Client.NextAsync(new NextRequest { User = user, Track = 999, Time = 1 }));
        Assert.ThrowsAsync<RpcException>(async () => await _api.Client.LastAsync(new LastRequest { User = user, Track = 9, Time = 2 }));

        await Next(user, 1, 1.0f);

        Assert.That(LastRequest().Exclude, Is.EquivalentTo(new[] { 0, 1 }), "refused calls played nothing and reset nothing");
    }

    [Test]
    public async Task GetTrack_KnownAndUnknown_CatalogEntryOrNotFound()
    {
        var track = await _api.Client.GetTrackAsync(new GetTrackRequest { Track = 42 });
        var missing = Assert.ThrowsAsync<RpcException>(async () => await _api.Client.GetTrackAsync(new GetTrackRequest { Track = 4200 }));

        Assert.That((track.Track_, track.Artist, track.Title), Is.EqualTo((42, "A4", "Song 42")));
        Assert.That(missing!.StatusCode, Is.EqualTo(StatusCode.NotFound));
        Assert.That(missing.Status.Detail, Does.Contain("4200"));
    }

    [Test]
    public async Task Health_Check_Serving()
    {
        var reply = await _api.Health.CheckAsync(new HealthCheckRequest());

        Assert.That(reply.Status, Is.EqualTo(HealthCheckResponse.Types.ServingStatus.Serving));
    }

    [Test]
    public async Task Reflection_ListsTheRecommenderAndHealthServices()
    {
        var reflection = new ServerReflection.ServerReflectionClient(_api.Channel);
        using var call = reflection.ServerReflectionInfo();

        await call.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = "" });
        await call.RequestStream.CompleteAsync();
        Assert.That(await call.ResponseStream.MoveNext(CancellationToken.None), Is.True);
        var services = call.ResponseStream.Current.ListServicesResponse.Service.Select(s => s.Name).ToList();

        Assert.That(services, Does.Contain("botify.v1.Recommender").And.Contain("grpc.health.v1.Health"));
    }

    [Test]
    public async Task Metrics_AfterFallback_CountsSourceAndReason()
    {
        _index.Answer = _ => throw new RpcException(new Status(StatusCode.FailedPrecondition, "no model"));
        await Next(555, 3, 1.0f);

        var scrape = PrometheusText.Parse(await _api.Http.GetStringAsync("/metrics"));

        Assert.That(scrape.Value("botify_api_fallbacks_total", ("reason", "no-model")), Is.GreaterThanOrEqualTo(1));
        var fallbackReplies = scrape.Series("botify_api_recommendations_total", ("source", FallbackChain.TopPopName))
            .Concat(scrape.Series("botify_api_recommendations_total", ("source", FallbackChain.RandomName)));
        Assert.That(fallbackReplies.Sum(s => s.Value), Is.GreaterThanOrEqualTo(1));
        Assert.That(scrape.Value("botify_api_index_circuit_state"), Is.Zero);
    }

    private async Task<NextReply> Next(int user, int track, float time) =>
        await _api.Client.NextAsync(new NextRequest { User = user, Track = track, Time = time });

    private SearchRequest LastRequest() => _index.Requests.Last();
}
