using Botify.Protos.V1;
using Botify.Shared.Models;
using Grpc.Core;

namespace Botify.Index.Tests.Grpc;

/// <summary>A query whose scores would overflow, and a batch asking for too much work, are refused.</summary>
[Category("Integration")]
[NonParallelizable]
public sealed class QueryLimitsTests
{
    private TempFolder _folder = null!;
    private string _bundle = null!;

    [OneTimeSetUp]
    public void WriteBundle()
    {
        _folder = new TempFolder();
        _bundle = Path.Combine(_folder.Path, "model");
        RandomModelGenerator.Generate(tracks: 2_000, users: 10, dimension: 16, seed: 5).Save(_bundle);
    }

    [OneTimeTearDown]
    public void DeleteBundle() => _folder.Dispose();

    /// <summary>Regression: 3.4e38 is finite, and SearchByVector answered it OK with infinite and NaN scores.</summary>
    [TestCase(3.4e38f)]
    [TestCase(-3.4e38f)]
    [TestCase(1e37f)]
    public async Task SearchByVector_FiniteButOverflowingValue_InvalidArgumentNamingTheField(float huge)
    {
        await using var server = await IndexServer.StartAsync($"--Index:BundlePath={_bundle}");
        var request = new SearchByVectorRequest { K = 5 };
        request.Vector.AddRange(Enumerable.Repeat(0.1f, 16));
        request.Vector[5] = huge;

        var error = Assert.ThrowsAsync<RpcException>(async () => await server.Client.SearchByVectorAsync(request));
        var everyValue = new SearchByVectorRequest { K = 5 };
        everyValue.Vector.AddRange(Enumerable.Repeat(huge, 16));
        var whole = Assert.ThrowsAsync<RpcException>(async () => await server.Client.SearchByVectorAsync(everyValue));

        Assert.That(error!.StatusCode, Is.EqualTo(StatusCode.InvalidArgument));
        Assert.That(error.Status.Detail, Does.Contain("vector[5]").And.Contain("overflow"));
        Assert.That(whole!.StatusCode, Is.EqualTo(StatusCode.InvalidArgument));
        Assert.That(whole.Status.Detail, Does.Contain("vector[0]"));
    }

    [Test]
    public async Task SearchByVector_LargeValuesWithinTheBound_FiniteScoresBestFirst()
    {
        await using var server = await IndexServer.StartAsync($"--Index:BundlePath={_bundle}");
        var request = new SearchByVectorRequest { K = 20 };
        request.Vector.AddRange(Enumerable.Range(0, 16).Select(i => i % 2 == 0 ? 1e30f : -1e30f));

        var reply = await server.Client.SearchByVectorAsync(request);

        Assert.That(reply.Hits, Has.Count.EqualTo(20));
        Assert.That(reply.Hits.Select(h => h.Score), Has.All.Matches<float>(float.IsFinite));
        Assert.That(reply.Hits.Select(h => h.Score), Is.Ordered.Descending);
    }

    /// <summary>Regression: 1,000 queries at k 1,000 and ef 10,000 were answered, about 11 s of one core.</summary>
    [Test]
    public async Task SearchBatch_OverMaxBatchCost_ResourceExhaustedNamingTheSettingAndFigures()
    {
        await using var server = await IndexServer.StartAsync($"--Index:BundlePath={_bundle}");
        var request = new SearchBatchRequest();
        request.Queries.AddRange(Enumerable.Range(0, 1_000).Select(i => new SearchRequest { ContextTrack = i, K = 1_000, Ef = 10_000 }));

        var error = Assert.ThrowsAsync<RpcException>(async () => await server.Client.SearchBatchAsync(request));

        Assert.That(error!.StatusCode, Is.EqualTo(StatusCode.ResourceExhausted));
        Assert.That(error.Status.Detail, Does.Contain("Index:MaxBatchCost").And.Contain("10000000").And.Contain("200000"));
    }

    [Test]
    public async Task SearchBatch_AtTheConfiguredCost_AnsweredAndOneMoreQueryRefused()
    {
        await using var server = await IndexServer.StartAsync($"--Index:BundlePath={_bundle}", "--Index:MaxBatchCost=1000", "--Index:EfSearch=50");
        // Cost max(k, ef): 8 queries at k 100 (800) + 4 at ef 0, the default 50 (200) = 1,000.
        var atCap = new SearchBatchRequest();
        atCap.Queries.AddRange(Enumerable.Range(0, 8).Select(i => new SearchRequest { ContextTrack = i, K = 100 }));
        atCap.Queries.AddRange(Enumerable.Range(0, 4).Select(i => new SearchRequest { ContextTrack = i, K = 10 }));
        var over = atCap.Clone();
        over.Queries.Add(new SearchRequest { ContextTrack = 1, K = 1 });

        var reply = await server.Client.SearchBatchAsync(atCap);
        var error = Assert.ThrowsAsync<RpcException>(async () => await server.Client.SearchBatchAsync(over));

        Assert.That(reply.Results.Select(r => r.Status), Has.All.Zero);
        Assert.That(error!.StatusCode, Is.EqualTo(StatusCode.ResourceExhausted));
        Assert.That(error.Status.Detail, Does.Contain("1050").And.Contain("allows 1000"));
    }
}
