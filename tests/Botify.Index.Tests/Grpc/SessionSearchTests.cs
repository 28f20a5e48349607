using System.Numerics.Tensors;
using Botify.Protos.V1;
using Botify.Shared.Models;
using Grpc.Core;

namespace Botify.Index.Tests.Grpc;

/// <summary>A search by the session's taste: the weighted sum of the session tracks' context vectors.</summary>
[Category("Integration")]
[NonParallelizable]
public sealed class SessionSearchTests
{
    private const int Cold = 2_999;

    private TempFolder _folder = null!;
    private string _bundle = null!;
    private ModelBundle _model = null!;
    private IndexServer _server = null!;

    [OneTimeSetUp]
    public async Task StartIndex()
    {
        _folder = new TempFolder();
        _bundle = Path.Combine(_folder.Path, "model");
        _model = RandomModelGenerator.Generate(tracks: 3_000, users: 100, dimension: 16, seed: 5);
        _model.Manifest.ColdTracks.Add(Cold);
        _model.Save(_bundle);
        _server = await IndexServer.StartAsync($"--Index:BundlePath={_bundle}");
    }

    [OneTimeTearDown]
    public async Task StopIndex()
    {
        await _server.DisposeAsync();
        _folder.Dispose();
    }

    [Test]
    public async Task Search_SessionWeights_AnswersAsSearchByVectorOfTheWeightedSum()
    {
        int[] tracks = [10, 400, 1_234, 77];
        float[] weights = [0.5f, 0.3f, 0.2f, -0.25f];
        var request = Session(tracks, weights, k: 20);
        request.User = 9;
        request.Ef = 300;
        request.Exclude.Add(11);

        var bySession = await _server.Client.SearchAsync(request);
        var byVector = await _server.Client.SearchByVectorAsync(Vector(tracks, weights, user: 9, k: 20, ef: 300, exclude: 11));

        Assert.That(bySession.Hits.Select(h => h.Track), Is.EqualTo(byVector.Hits.Select(h => h.Track)));
        Assert.That(bySession.Hits.Select(h => h.Score), Is.EqualTo(byVector.Hits.Select(h => h.Score)).Within(1e-5f));
        Assert.That(bySession.Hits.Select(h => h.Track), Does.Not.Contain(11));
    }

    [Test]
    public async Task Search_SessionSet_IgnoresContextTrack()
    {
        var withContext = Session([10, 20], [0.6f, 0.4f], k: 10);
        withContext.ContextTrack = Cold;
        var withoutContext = Session([10, 20], [0.6f, 0.4f], k: 10);

        var a = await _server.Client.SearchAsync(withContext);
        var b = await _server.Client.SearchAsync(withoutContext);

        Assert.That(a.Hits.Select(h => h.Track), Is.EqualTo(b.Hits.Select(h => h.Track)));
    }

    [Test]
    public async Task Search_SessionWithColdTrack_SkipsIt()
    {
        var withCold = await _server.Client.SearchAsync(Session([10, Cold, 400], [0.5f, 0.9f, 0.5f], k: 20));
        var withoutCold = await _server.Client.SearchAsync(Session([10, 400], [0.5f, 0.5f], k: 20));

        Assert.That(withCold.Hits.Select(h => h.Track), Is.EqualTo(withoutCold.Hits.Select(h => h.Track)));
    }

    [Test]
    public void Search_EverySessionTrackCold_NotFound()
    {
        var error = Assert.ThrowsAsync<RpcException>(async () => await _server.Client.SearchAsync(Session([Cold], [1f], k: 5)));

        Assert.That(error!.StatusCode, Is.EqualTo(StatusCode.NotFound));
        Assert.That(error.Status.Detail, Does.Contain("no session track has a trained vector"));
    }

    private static IEnumerable<TestCaseData> BadSessions()
    {
        yield return new TestCaseData(new[] { 1, 2 }, new[] { 1f }, StatusCode.InvalidArgument, "session_weights has 1 values for 2 session_tracks").SetName("Search_SessionLengthsDiffer_InvalidArgument");
        yield return new TestCaseData(Array.Empty<int>(), new[] { 1f }, StatusCode.InvalidArgument, "session_weights has 1 values for 0 session_tracks").SetName("Search_SessionWeightsWithoutTracks_InvalidArgument");
        yield return new TestCaseData(Enumerable.Range(0, 1_001).ToArray(), Enumerable.Repeat(0.001f, 1_001).ToArray(), StatusCode.InvalidArgument, "session_tracks has 1001 entries").SetName("Search_TooManySessionTracks_InvalidArgument");
        yield return new TestCaseData(new[] { 1, 2 }, new[] { 1f, float.NaN }, StatusCode.InvalidArgument, "session_weights[1] is NaN").SetName("Search_SessionWeightNaN_InvalidArgument");
        yield return new TestCaseData(new[] { 1, 2 }, new[] { -1_001f, 1f }, StatusCode.InvalidArgument, "session_weights[0] is -1001").SetName("Search_SessionWeightTooLarge_InvalidArgument");
        yield return new TestCaseData(new[] { 1, 3_000 }, new[] { 1f, 1f }, StatusCode.NotFound, "session_tracks[1] = 3000").SetName("Search_SessionTrackOutsideModel_NotFound");
        yield return new TestCaseData(new[] { -1 }, new[] { 1f }, StatusCode.NotFound, "session_tracks[0] = -1").SetName("Search_SessionTrackNegative_NotFound");
    }

    [TestCaseSource(nameof(BadSessions))]
    public async Task Search_BadSession_PreciseStatusNamingTheField(int[] tracks, float[] weights, StatusCode expected, string message)
    {
        var error = Assert.ThrowsAsync<RpcException>(async () => await _server.Client.SearchAsync(Session(tracks, weights, k: 5)));
        var batch = await _server.Client.SearchBatchAsync(new SearchBatchRequest { Queries = { Session(tracks, weights, k: 5), Session([10], [1f], k: 5) } });

        Assert.That(error!.StatusCode, Is.EqualTo(expected));
        Assert.That(error.Status.Detail, Does.Contain(message));
        Assert.That((StatusCode)batch.Results[0].Status, Is.EqualTo(expected), "SearchBatch refuses the query as Search does");
        Assert.That(batch.Results[0].Message, Does.Contain(message));
        Assert.That(batch.Results[1].Status, Is.Zero, "and answers the others");
    }

    [Test]
    public async Task SearchBatch_SessionQueries_AnsweredAsSearchAnswersThem()
    {
        SearchRequest[] queries =
        [
            Session([10, 400], [0.7f, 0.3f], k: 10),
            Session([5, Cold, 6], [1f, 1f, -0.2f], k: 15),
            new() { ContextTrack = 42, K = 10 },
        ];
        var request = new SearchBatchRequest();
        request.Queries.AddRange(queries);

        var batch = await _server.Client.SearchBatchAsync(request);

        for (var i = 0; i < queries.Length; i++)
        {
            var alone = await _server.Client.SearchAsync(queries[i]);
            Assert.That(batch.Results[i].Status, Is.Zero, $"query {i}: {batch.Results[i].Message}");
            Assert.That(batch.Results[i].Tracks, Is.EqualTo(alone.Hits.Select(h => h.Track)), $"query {i}");
        }
    }

    private static SearchRequest Session(int[] tracks, float[] weights, int k)
    {
        var request = new SearchRequest { K = k };
        request.SessionTracks.AddRange(tracks);
        request.SessionWeights.AddRange(weights);
        return request;
    }

    /// <summary>The same sum the index forms, in the same order, so the two queries are the same floats.</summary>
    private SearchByVectorRequest Vector(int[] tracks, float[] weights, int user, int k, int ef, int exclude)
    {
        var query = new float[_model.Dimension];
        for (var i = 0; i < tracks.Length; i++)
        {
            TensorPrimitives.MultiplyAdd(_model.Context.Row(tracks[i]), weights[i], query, query);
        }

        TensorPrimitives.Add(query, _model.Users.Row(user), query);
        var request = new SearchByVectorRequest { K = k, Ef = ef, Exclude = { exclude } };
        request.Vector.AddRange(query);
        return request;
    }
}
