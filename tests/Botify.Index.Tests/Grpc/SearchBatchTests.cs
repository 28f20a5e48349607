using Botify.Contracts;
using Botify.Protos.V1;
using Botify.Shared.Models;
using Grpc.Core;

namespace Botify.Index.Tests.Grpc;

/// <summary>SearchBatch answers each query exactly as Search does, and a bad query fails only itself.</summary>
[Category("Integration")]
[NonParallelizable]
public sealed class SearchBatchTests
{
    private TempFolder _folder = null!;
    private string _bundle = null!;

    [OneTimeSetUp]
    public void WriteBundle()
    {
        _folder = new TempFolder();
        _bundle = Path.Combine(_folder.Path, "model");
        var model = RandomModelGenerator.Generate(tracks: 3_000, users: 100, dimension: 16, seed: 3);
        model.Manifest.ColdTracks.Add(2_999);
        model.Save(_bundle);
    }

    [OneTimeTearDown]
    public void DeleteBundle() => _folder.Dispose();

    [Test]
    public async Task SearchBatch_EveryQueryAnsweredAsSearchAnswersIt()
    {
        await using var server = await IndexServer.StartAsync($"--Index:BundlePath={_bundle}");
        SearchRequest[] queries =
        [
            new() { ContextTrack = 5, K = 10 },
            new() { ContextTrack = 5, User = 3, K = 10 },
            new() { ContextTrack = 1_234, User = 99, K = 100, Ef = 150, Exclude = { 1, 2, 3, 4, 5, 6, 7, 8, 9 } },
            new() { ContextTrack = 77, K = 1 },
            new() { ContextTrack = 5, K = 10 },
        ];
        var request = new SearchBatchRequest();
        request.Queries.AddRange(queries);

        var batch = await server.Client.SearchBatchAsync(request);

        Assert.That(batch.Results, Has.Count.EqualTo(queries.Length));
        for (var i = 0; i < queries.Length; i++)
        {
            var alone = await server.Client.SearchAsync(queries[i]);
            var result = batch.Results[i];
            Assert.That(result.Status, Is.Zero, $"query {i}: {result.Message}");
            Assert.That(result.Tracks, Is.EqualTo(alone.Hits.Select(h => h.Track)), $"query {i}: tracks");
            Assert.That(result.Scores, Is.EqualTo(alone.Hits.Select(h => h.Score)), $"query {i}: scores");
            Assert.That(result.Visited, Is.EqualTo(alone.Visited), $"query {i}: visited");
        }

        Assert.That(batch.Results[2].Tracks, Has.Count.EqualTo(100));
        Assert.That(batch.Results[2].Tracks, Has.None.InRange(1, 9), "excluded tracks stay excluded in a batch");
        Assert.That(batch.ModelVersion, Is.Not.Empty);
    }

    [Test]
    public async Task SearchBatch_PartlyInvalid_FailsOnlyItsOwnQueries()
    {
        await using var server = await IndexServer.StartAsync($"--Index:BundlePath={_bundle}");
        var request = new SearchBatchRequest
        {
            Queries =
            {
                new SearchRequest { ContextTrack = 10, K = 5 },
                new SearchRequest { ContextTrack = 3_000, K = 5 },
                new SearchRequest { ContextTrack = 11, K = 0 },
                new SearchRequest { ContextTrack = 2_999, K = 5 },
                new SearchRequest { ContextTrack = 12, User = 100, K = 5 },
                new SearchRequest { ContextTrack = 13, K = 5, Ef = 10_001 },
                new SearchRequest { ContextTrack = 14, User = 4, K = 5 },
            },
        };

        var batch = await server.Client.SearchBatchAsync(request);

        Assert.That(batch.Results.Select(r => (StatusCode)r.Status), Is.EqualTo(new[]
        {
            StatusCode.OK, StatusCode.NotFound, StatusCode.InvalidArgument, StatusCode.NotFound, StatusCode.NotFound, StatusCode.InvalidArgument, StatusCode.OK,
        }));
        Assert.That(batch.Results[1].Message, Does.Contain("context_track 3000"));
        Assert.That(batch.Results[2].Message, Does.Contain("k is 0"));
        Assert.That(batch.Results[3].Message, Does.Contain("cold track"));
        Assert.That(batch.Results[4].Message, Does.Contain("user 100"));
        Assert.That(batch.Results[5].Message, Does.Contain("ef is 10001"));
        Assert.That(batch.Results.Where(r => r.Status != 0), Has.All.Matches<SearchBatchResult>(r => r.Tracks.Count == 0 && r.Scores.Count == 0));
        var first = await server.Client.SearchAsync(request.Queries[0]);
        var last = await server.Client.SearchAsync(request.Queries[6]);
        Assert.That(batch.Results[0].Tracks, Is.EqualTo(first.Hits.Select(h => h.Track)));
        Assert.That(batch.Results[6].Tracks, Is.EqualTo(last.Hits.Select(h => h.Track)));
    }

    [Test]
    public async Task SearchBatch_NoQueriesOrTooMany_InvalidArgumentNamingQueries()
    {
        await using var server = await IndexServer.StartAsync($"--Index:BundlePath={_bundle}");
        var tooMany = new SearchBatchRequest();
        tooMany.Queries.AddRange(Enumerable.Range(0, IndexLimits.MaxBatchQueries + 1).Select(i => new SearchRequest { ContextTrack = i, K = 1 }));

        var empty = Assert.ThrowsAsync<RpcException>(async () => await server.Client.SearchBatchAsync(new SearchBatchRequest()));
        var over = Assert.ThrowsAsync<RpcException>(async () => await server.Client.SearchBatchAsync(tooMany));

        Assert.That(empty!.StatusCode, Is.EqualTo(StatusCode.InvalidArgument));
        Assert.That(empty.Status.Detail, Does.Contain("queries has 0 entries"));
        Assert.That(over!.StatusCode, Is.EqualTo(StatusCode.InvalidArgument));
        Assert.That(over.Status.Detail, Does.Contain($"queries has {IndexLimits.MaxBatchQueries + 1} entries"));
    }

    [Test]
    public async Task SearchBatch_ColdStart_FailsPreconditionAsSearchDoes()
    {
        await using var server = await IndexServer.StartAsync();

        var error = Assert.ThrowsAsync<RpcException>(async () => await server.Client.SearchBatchAsync(new SearchBatchRequest { Queries = { new SearchRequest { ContextTrack = 1, K = 5 } } }));

        Assert.That(error!.StatusCode, Is.EqualTo(StatusCode.FailedPrecondition));
        Assert.That(error.Status.Detail, Does.Contain("no model loaded"));
    }
}
