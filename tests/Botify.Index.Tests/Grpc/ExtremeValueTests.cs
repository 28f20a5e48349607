using Botify.Protos.V1;
using Botify.Shared.Models;
using Grpc.Core;

namespace Botify.Index.Tests.Grpc;

/// <summary>
/// Found by the fuzz: well-formed requests with numbers at the int and float extremes are refused with a
/// precise status naming the field, never UNKNOWN or INTERNAL.
/// </summary>
[Category("Integration")]
[NonParallelizable]
public sealed class ExtremeValueTests
{
    private const int Tracks = 500;
    private const int Dimension = 8;
    private static readonly int[] Ints = [int.MaxValue, int.MinValue, -1, Tracks, 0, 7];
    private static readonly float[] Floats = [float.NaN, float.PositiveInfinity, float.NegativeInfinity, -1f, float.MaxValue, float.MinValue, 1e-45f];

    private TempFolder _folder = null!;
    private IndexServer _server = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _folder = new TempFolder();
        var bundle = Path.Combine(_folder.Path, "model");
        RandomModelGenerator.Generate(tracks: Tracks, users: 10, dimension: Dimension, seed: 18).Save(bundle);
        _server = await IndexServer.StartAsync($"--Index:BundlePath={bundle}");
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await _server.DisposeAsync();
        _folder.Dispose();
    }

    /// <summary>One field at an extreme in an otherwise valid Search: the status and the words naming the field.</summary>
    public static IEnumerable<TestCaseData> SearchCases()
    {
        foreach (var k in new[] { int.MaxValue, int.MinValue, -1, 0 })
        {
            yield return Case($"k {k}", r => r.K = k, StatusCode.InvalidArgument, $"k is {k}");
        }

        foreach (var ef in new[] { int.MaxValue, int.MinValue, -1 })
        {
            yield return Case($"ef {ef}", r => r.Ef = ef, StatusCode.InvalidArgument, $"ef is {ef}");
        }

        foreach (var track in new[] { int.MaxValue, int.MinValue, -1, Tracks })
        {
            yield return Case($"context_track {track}", r => r.ContextTrack = track, StatusCode.NotFound, $"context_track {track}");
        }

        foreach (var user in new[] { int.MaxValue, int.MinValue, -1, 10 })
        {
            yield return Case($"user {user}", r => r.User = user, StatusCode.NotFound, $"user {user}");
        }

        foreach (var track in new[] { int.MaxValue, int.MinValue, -1, Tracks })
        {
            yield return Case($"session_tracks {track}", r => { r.SessionTracks.Add(track); r.SessionWeights.Add(1f); }, StatusCode.NotFound, $"session_tracks[0] = {track}");
        }

        foreach (var weight in new[] { float.NaN, float.PositiveInfinity, float.NegativeInfinity, float.MaxValue, float.MinValue })
        {
            yield return Case($"session_weights {weight}", r => { r.SessionTracks.Add(3); r.SessionWeights.Add(weight); }, StatusCode.InvalidArgument, "session_weights[0]");
        }

        yield return Case("session_weights without tracks", r => r.SessionWeights.Add(1f), StatusCode.InvalidArgument, "session_weights has 1 values for 0 session_tracks");
        yield return Case("exclude 100000 ids", r => r.Exclude.AddRange(Enumerable.Repeat(int.MaxValue, 100_000)), StatusCode.InvalidArgument, "exclude has 100000 ids");
    }

    [TestCaseSource(nameof(SearchCases))]
    public void Search_FieldAtAnExtreme_PreciseStatusNamingTheField(Action<SearchRequest> spoil, StatusCode code, string named)
    {
        var request = new SearchRequest { ContextTrack = 3, K = 5 };
        spoil(request);

        var error = Assert.ThrowsAsync<RpcException>(async () => await _server.Client.SearchAsync(request));
        var batch = new SearchBatchRequest();
        batch.Queries.Add(request);
        var batchReply = _server.Client.SearchBatch(batch);

        Assert.That(error!.StatusCode, Is.EqualTo(code), error.Status.Detail);
        Assert.That(error.Status.Detail, Does.Contain(named));
        Assert.That((StatusCode)batchReply.Results[0].Status, Is.EqualTo(code), "SearchBatch answers the query as Search does");
        Assert.That(batchReply.Results[0].Message, Does.Contain(named));
    }

    [TestCase(int.MaxValue, 0, "k is 2147483647")]
    [TestCase(int.MinValue, 0, "k is -2147483648")]
    [TestCase(5, int.MaxValue, "ef is 2147483647")]
    [TestCase(5, int.MinValue, "ef is -2147483648")]
    public void SearchByVector_KOrEfAtAnExtreme_InvalidArgumentNamingIt(int k, int ef, string named)
    {
        var request = new SearchByVectorRequest { K = k, Ef = ef };
        request.Vector.AddRange(Enumerable.Repeat(0.1f, Dimension));

        var error = Assert.ThrowsAsync<RpcException>(async () => await _server.Client.SearchByVectorAsync(request));

        Assert.That(error!.StatusCode, Is.EqualTo(StatusCode.InvalidArgument));
        Assert.That(error.Status.Detail, Does.Contain(named));
    }

    [TestCase(float.NaN, "vector[2] is NaN")]
    [TestCase(float.PositiveInfinity, "vector[2] is Infinity")]
    [TestCase(float.NegativeInfinity, "vector[2] is -Infinity")]
    [TestCase(float.MaxValue, "vector[2]")]
    [TestCase(float.MinValue, "vector[2]")]
    public void SearchByVector_ValueAtAnExtreme_InvalidArgumentNamingIt(float value, string named)
    {
        var request = new SearchByVectorRequest { K = 5 };
        request.Vector.AddRange(Enumerable.Repeat(0.1f, Dimension));
        request.Vector[2] = value;

        var error = Assert.ThrowsAsync<RpcException>(async () => await _server.Client.SearchByVectorAsync(request));

        Assert.That(error!.StatusCode, Is.EqualTo(StatusCode.InvalidArgument));
        Assert.That(error.Status.Detail, Does.Contain(named));
    }

    [TestCase(0)]
    [TestCase(5_000)]
    public void SearchByVector_WrongLength_InvalidArgumentNamingTheDimension(int length)
    {
        var request = new SearchByVectorRequest { K = 5 };
        request.Vector.AddRange(Enumerable.Repeat(1e-45f, length));

        var error = Assert.ThrowsAsync<RpcException>(async () => await _server.Client.SearchByVectorAsync(request));

        Assert.That(error!.StatusCode, Is.EqualTo(StatusCode.InvalidArgument));
        Assert.That(error.Status.Detail, Does.Contain($"vector has {length} values"));
    }

    [Test]
    public void SearchBatch_TwoThousandQueries_InvalidArgumentNamingQueries()
    {
        var batch = new SearchBatchRequest();
        batch.Queries.AddRange(Enumerable.Range(0, 2_000).Select(_ => new SearchRequest { ContextTrack = int.MaxValue, K = int.MaxValue, Ef = int.MaxValue }));

        var error = Assert.ThrowsAsync<RpcException>(async () => await _server.Client.SearchBatchAsync(batch));

        Assert.That(error!.StatusCode, Is.EqualTo(StatusCode.InvalidArgument));
        Assert.That(error.Status.Detail, Does.Contain("queries has 2000 entries"));
    }

    /// <summary>The fuzz's extreme-number corpus, seeded: every answer is OK or a precise refusal.</summary>
    [Test]
    public async Task AllMethods_SeededExtremeNumbers_NeverUnknownOrInternal()
    {
        var random = new Random(456);
        int Int() => Ints[random.Next(Ints.Length)];
        float Float() => Floats[random.Next(Floats.Length)];
        var outcomes = new Dictionary<string, int>();
        for (var i = 0; i < 600; i++)
        {
            var code = await CallAsync(i % 3, random, Int, Float);
            var key = $"{(i % 3) switch { 0 => "Search", 1 => "SearchBatch", _ => "SearchByVector" }} {code}";
            outcomes[key] = outcomes.GetValueOrDefault(key) + 1;
        }

        TestContext.Out.WriteLine(string.Join('\n', outcomes.OrderBy(o => o.Key, StringComparer.Ordinal).Select(o => $"{o.Key}: {o.Value}")));
        Assert.That(outcomes.Keys, Has.None.Contains("Unknown").And.None.Contains("Internal"));
    }

    private async Task<StatusCode> CallAsync(int method, Random random, Func<int> anInt, Func<float> aFloat)
    {
        try
        {
            switch (method)
            {
                case 0:
                    var search = new SearchRequest { ContextTrack = anInt(), User = anInt(), K = anInt(), Ef = anInt() };
                    search.Exclude.AddRange(Enumerable.Range(0, random.Next(4)).Select(_ => anInt()));
                    search.SessionTracks.AddRange(Enumerable.Range(0, random.Next(4)).Select(_ => anInt()));
                    search.SessionWeights.AddRange(Enumerable.Range(0, random.Next(4)).Select(_ => aFloat()));
                    await _server.Client.SearchAsync(search);
                    return StatusCode.OK;
                case 1:
                    var batch = new SearchBatchRequest();
                    batch.Queries.AddRange(Enumerable.Range(0, random.Next(1, 1_200)).Select(_ => new SearchRequest { ContextTrack = anInt(), K = anInt(), Ef = anInt() }));
                    var reply = await _server.Client.SearchBatchAsync(batch);
                    return reply.Results.Any(r => r.Status is (int)StatusCode.Unknown or (int)StatusCode.Internal) ? StatusCode.Unknown : StatusCode.OK;
                default:
                    var byVector = new SearchByVectorRequest { K = anInt(), Ef = anInt() };
                    byVector.Vector.AddRange(Enumerable.Range(0, random.Next(3) switch { 0 => Dimension, 1 => 0, _ => random.Next(1, 5_000) }).Select(_ => aFloat()));
                    await _server.Client.SearchByVectorAsync(byVector);
                    return StatusCode.OK;
            }
        }
        catch (RpcException e)
        {
            return e.StatusCode;
        }
    }

    private static TestCaseData Case(string name, Action<SearchRequest> spoil, StatusCode code, string named) =>
        new TestCaseData(spoil, code, named).SetName($"Search_{name}_{code}");
}
