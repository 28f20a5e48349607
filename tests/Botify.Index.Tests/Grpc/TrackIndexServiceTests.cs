using Botify.Protos.V1;
using Botify.Shared.Models;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Reflection.V1Alpha;

namespace Botify.Index.Tests.Grpc;

[Category("Integration")]
[NonParallelizable]
public sealed class TrackIndexServiceTests
{
    private TempFolder _folder = null!;
    private string _bundleA = null!;
    private string _bundleB = null!;

    [OneTimeSetUp]
    public void WriteBundles()
    {
        _folder = new TempFolder();
        _bundleA = Path.Combine(_folder.Path, "a");
        _bundleB = Path.Combine(_folder.Path, "b");
        var a = RandomModelGenerator.Generate(tracks: 3_000, users: 100, dimension: 16, seed: 1);
        a.Manifest.ColdTracks.Add(2_999);
        a.Save(_bundleA);
        RandomModelGenerator.Generate(tracks: 2_000, users: 50, dimension: 16, seed: 2).Save(_bundleB);
    }

    [OneTimeTearDown]
    public void DeleteBundles() => _folder.Dispose();

    [Test]
    public async Task ColdStart_NoBundle_NotServingAndSearchFailsPrecondition()
    {
        await using var server = await IndexServer.StartAsync();

        var health = await server.Health.CheckAsync(new HealthCheckRequest());
        var info = await server.Client.GetInfoAsync(new GetInfoRequest());
        var error = Assert.ThrowsAsync<RpcException>(async () => await server.Client.SearchAsync(new SearchRequest { ContextTrack = 1, K = 5 }));

        Assert.That(health.Status, Is.EqualTo(HealthCheckResponse.Types.ServingStatus.NotServing));
        Assert.That(info.Loaded, Is.False);
        Assert.That(error!.StatusCode, Is.EqualTo(StatusCode.FailedPrecondition));
        Assert.That(error.Status.Detail, Does.Contain("no model loaded"));
    }

    [Test]
    public async Task Reload_FromColdStart_ServesTheModel()
    {
        await using var server = await IndexServer.StartAsync();

        var reply = await server.Client.ReloadAsync(new ReloadRequest { BundlePath = _bundleA });
        var health = await server.Health.CheckAsync(new HealthCheckRequest());
        var search = await server.Client.SearchAsync(new SearchRequest { ContextTrack = 10, K = 10 });

        Assert.That(reply.Info.Loaded, Is.True);
        Assert.That(reply.Info.Tracks, Is.EqualTo(3_000));
        Assert.That(reply.Info.Dimension, Is.EqualTo(16));
        Assert.That(reply.Info.Graph.M, Is.EqualTo(16));
        Assert.That(reply.Info.Graph.Mips, Is.EqualTo("inner-product"));
        Assert.That(health.Status, Is.EqualTo(HealthCheckResponse.Types.ServingStatus.Serving));
        Assert.That(search.Hits, Has.Count.EqualTo(10));
        Assert.That(search.ModelVersion, Is.EqualTo(reply.Info.ModelVersion));
        Assert.That(search.Hits.Select(h => h.Score), Is.Ordered.Descending);
    }

    [Test]
    public async Task Search_ScoresMatchTheModel_AndListenerChangesTheQuery()
    {
        await using var server = await IndexServer.StartAsync($"--Index:BundlePath={_bundleA}");
        var model = ModelBundle.Load(_bundleA);

        var contextOnly = await server.Client.SearchAsync(new SearchRequest { ContextTrack = 42, K = 5, Ef = 200 });
        var withUser = await server.Client.SearchAsync(new SearchRequest { ContextTrack = 42, User = 7, K = 5, Ef = 200 });

        foreach (var hit in contextOnly.Hits)
        {
            Assert.That(hit.Score, Is.EqualTo(model.Score(42, null, hit.Track)).Within(1e-4));
        }

        foreach (var hit in withUser.Hits)
        {
            Assert.That(hit.Score, Is.EqualTo(model.Score(42, 7, hit.Track)).Within(1e-4));
        }
    }

    [Test]
    public async Task Search_WithExcludeList_NeverReturnsExcludedTracks()
    {
        await using var server = await IndexServer.StartAsync($"--Index:BundlePath={_bundleA}");
        var first = await server.Client.SearchAsync(new SearchRequest { ContextTrack = 5, K = 20 });
        var request = new SearchRequest { ContextTrack = 5, K = 20 };
        request.Exclude.AddRange(first.Hits.Select(h => h.Track));

        var second = await server.Client.SearchAsync(request);

        Assert.That(second.Hits, Has.Count.EqualTo(20));
        Assert.That(second.Hits.Select(h => h.Track).Intersect(first.Hits.Select(h => h.Track)), Is.Empty);
    }

    [Test]
    public async Task SearchByVector_ReturnsBestFirst()
    {
        await using var server = await IndexServer.StartAsync($"--Index:BundlePath={_bundleA}");
        var request = new SearchByVectorRequest { K = 3 };
        request.Vector.AddRange(Enumerable.Repeat(0.25f, 16));

        var reply = await server.Client.SearchByVectorAsync(request);

        Assert.That(reply.Hits, Has.Count.EqualTo(3));
        Assert.That(reply.Hits.Select(h => h.Score), Is.Ordered.Descending);
    }

    private static IEnumerable<TestCaseData> BadSearches()
    {
        yield return new TestCaseData(new SearchRequest { ContextTrack = 3_000, K = 5 }, StatusCode.NotFound, "context_track 3000").SetName("Search_UnknownTrack_NotFound");
        yield return new TestCaseData(new SearchRequest { ContextTrack = -1, K = 5 }, StatusCode.NotFound, "context_track -1").SetName("Search_NegativeTrack_NotFound");
        yield return new TestCaseData(new SearchRequest { ContextTrack = 2_999, K = 5 }, StatusCode.NotFound, "cold track").SetName("Search_ColdTrack_NotFound");
        yield return new TestCaseData(new SearchRequest { ContextTrack = 1, User = 100, K = 5 }, StatusCode.NotFound, "user 100").SetName("Search_UnknownUser_NotFound");
        yield return new TestCaseData(new SearchRequest { ContextTrack = 1, K = 0 }, StatusCode.InvalidArgument, "k is 0").SetName("Search_KZero_InvalidArgument");
        yield return new TestCaseData(new SearchRequest { ContextTrack = 1, K = 1001 }, StatusCode.InvalidArgument, "k is 1001").SetName("Search_KTooLarge_InvalidArgument");
        yield return new TestCaseData(new SearchRequest { ContextTrack = 1, K = 5, Ef = -1 }, StatusCode.InvalidArgument, "ef is -1").SetName("Search_EfNegative_InvalidArgument");
        yield return new TestCaseData(new SearchRequest { ContextTrack = 1, K = 5, Ef = 10_001 }, StatusCode.InvalidArgument, "ef is 10001").SetName("Search_EfTooLarge_InvalidArgument");
        var tooMany = new SearchRequest { ContextTrack = 1, K = 5 };
        tooMany.Exclude.AddRange(Enumerable.Range(0, 10_001));
        yield return new TestCaseData(tooMany, StatusCode.InvalidArgument, "exclude has 10001 ids").SetName("Search_TooManyExcluded_InvalidArgument");
    }

    [TestCaseSource(nameof(BadSearches))]
    public async Task Search_BadInput_PreciseStatusNamingTheField(SearchRequest request, StatusCode expected, string message)
    {
        await using var server = await IndexServer.StartAsync($"--Index:BundlePath={_bundleA}");

        var error = Assert.ThrowsAsync<RpcException>(async () => await server.Client.SearchAsync(request));

        Assert.That(error!.StatusCode, Is.EqualTo(expected));
        Assert.That(error.Status.Detail, Does.Contain(message));
    }

    [TestCase(15, float.NaN, "vector has 15 values")]
    [TestCase(16, float.NaN, "vector[3] is NaN")]
    [TestCase(16, float.PositiveInfinity, "vector[3] is Infinity")]
    public async Task SearchByVector_BadVector_InvalidArgument(int length, float poison, string message)
    {
        await using var server = await IndexServer.StartAsync($"--Index:BundlePath={_bundleA}");
        var request = new SearchByVectorRequest { K = 3 };
        request.Vector.AddRange(Enumerable.Repeat(0.1f, length));
        request.Vector[3] = poison;

        var error = Assert.ThrowsAsync<RpcException>(async () => await server.Client.SearchByVectorAsync(request));

        Assert.That(error!.StatusCode, Is.EqualTo(StatusCode.InvalidArgument));
        Assert.That(error.Status.Detail, Does.Contain(message));
    }

    [Test]
    public async Task Reload_CorruptBundle_RefusedAndOldModelKeepsServing()
    {
        await using var server = await IndexServer.StartAsync($"--Index:BundlePath={_bundleA}");
        var corrupt = Path.Combine(_folder.Path, "corrupt");
        RandomModelGenerator.Generate(100, 5, 16, seed: 3).Save(corrupt);
        File.WriteAllBytes(Path.Combine(corrupt, ModelBundle.TracksFile), [1, 2, 3]);

        var error = Assert.ThrowsAsync<RpcException>(async () => await server.Client.ReloadAsync(new ReloadRequest { BundlePath = corrupt }));
        var missing = Assert.ThrowsAsync<RpcException>(async () => await server.Client.ReloadAsync(new ReloadRequest { BundlePath = "" }));
        var info = await server.Client.GetInfoAsync(new GetInfoRequest());
        var search = await server.Client.SearchAsync(new SearchRequest { ContextTrack = 1, K = 3 });

        Assert.That(error!.StatusCode, Is.EqualTo(StatusCode.FailedPrecondition));
        Assert.That(error.Status.Detail, Does.Contain(ModelBundle.TracksFile).And.Contain("not a .npy file"));
        Assert.That(missing!.StatusCode, Is.EqualTo(StatusCode.InvalidArgument));
        Assert.That(missing.Status.Detail, Does.Contain("bundle_path"));
        Assert.That(info.Tracks, Is.EqualTo(3_000));
        Assert.That(search.Hits, Has.Count.EqualTo(3));
    }

    [Test]
    public async Task Reload_WhileOtherThreadsSearch_NoCallFails()
    {
        await using var server = await IndexServer.StartAsync($"--Index:BundlePath={_bundleA}", "--Index:SaveGraph=false");
        using var stop = new CancellationTokenSource();
        var failures = 0;
        var calls = 0;
        var versions = new System.Collections.Concurrent.ConcurrentDictionary<string, int>();
        var searchers = Enumerable.Range(0, 4).Select(worker => Task.Run(async () =>
        {
            var random = new Random(worker);
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    // Track ids valid in both models (the second has 2,000 tracks).
                    var reply = await server.Client.SearchAsync(new SearchRequest { ContextTrack = random.Next(1_999), K = 10 });
                    versions.AddOrUpdate(reply.ModelVersion, 1, (_, n) => n + 1);
                }
                catch (RpcException)
                {
                    Interlocked.Increment(ref failures);
                }

                Interlocked.Increment(ref calls);
            }
        })).ToArray();

        // Each step waits for the searchers to have done what it needs, not for a fixed time: on a
        // loaded machine a few hundred milliseconds may pass without a search returning.
        var patience = TimeSpan.FromSeconds(30);
        await Eventually.HoldsAsync(() => Volatile.Read(ref calls) >= 50, "50 searches before the first reload", patience);
        foreach (var bundle in new[] { _bundleB, _bundleA, _bundleB })
        {
            var reloaded = await server.Client.ReloadAsync(new ReloadRequest { BundlePath = bundle });
            var served = versions.GetValueOrDefault(reloaded.Info.ModelVersion);
            var before = Volatile.Read(ref calls);
            await Eventually.HoldsAsync(
                () => versions.GetValueOrDefault(reloaded.Info.ModelVersion) > served && Volatile.Read(ref calls) >= before + 50,
                $"50 searches after reloading {reloaded.Info.ModelVersion}, some of them answered by it",
                patience);
        }

        await stop.CancelAsync();
        await Task.WhenAll(searchers);

        TestContext.Out.WriteLine($"{calls} searches across 3 reloads, {failures} failed; per model: {string.Join(", ", versions)}");
        Assert.That(failures, Is.Zero);
        Assert.That(versions.Keys, Has.Count.EqualTo(2));
        Assert.That(calls, Is.GreaterThan(100));
    }

    [Test]
    public async Task Reload_SecondTime_LoadsTheSavedGraphInsteadOfBuilding()
    {
        var bundle = Path.Combine(_folder.Path, "saved");
        RandomModelGenerator.Generate(2_000, 10, 16, seed: 4).Save(bundle);
        await using var server = await IndexServer.StartAsync();

        var first = await server.Client.ReloadAsync(new ReloadRequest { BundlePath = bundle });
        var second = await server.Client.ReloadAsync(new ReloadRequest { BundlePath = bundle });

        Assert.That(first.Info.GraphFromFile, Is.False);
        Assert.That(File.Exists(Path.Combine(bundle, Botify.Index.Mips.InnerProductIndex.GraphFileName)), Is.True);
        Assert.That(second.Info.GraphFromFile, Is.True);
    }

    [Test]
    public async Task HugePages_OffUnlessConfigured_AndGetInfoSaysWhichServes()
    {
        var enabled = Botify.Index.Hnsw.HugePages.Enabled;
        try
        {
            await using var byDefault = await IndexServer.StartAsync($"--Index:BundlePath={_bundleB}");
            var defaultInfo = await byDefault.Client.GetInfoAsync(new GetInfoRequest());
            var enabledAfterDefault = Botify.Index.Hnsw.HugePages.Enabled;

            await using var configured = await IndexServer.StartAsync($"--Index:BundlePath={_bundleB}", "--Index:HugePages=true");
            var configuredInfo = await configured.Client.GetInfoAsync(new GetInfoRequest());

            Assert.That(defaultInfo.HugePages, Is.False, "the service serves from 4 KB pages unless configured");
            Assert.That(enabledAfterDefault, Is.False, "loading with the default turns the advice off for the graph's arrays");
            Assert.That(configuredInfo.HugePages, Is.True);
            Assert.That(Botify.Index.Hnsw.HugePages.Enabled, Is.True);
        }
        finally
        {
            Botify.Index.Hnsw.HugePages.Enabled = enabled;
        }
    }

    [Test]
    public async Task ByteWalk_OnByDefault_OffWalksTheFloatsInLessMemory_AndGetInfoSaysWhich()
    {
        await using var byDefault = await IndexServer.StartAsync($"--Index:BundlePath={_bundleB}", "--Index:SaveGraph=false");
        await using var floats = await IndexServer.StartAsync($"--Index:BundlePath={_bundleB}", "--Index:SaveGraph=false", "--Index:ByteWalk=false");

        var defaultInfo = await byDefault.Client.GetInfoAsync(new GetInfoRequest());
        var floatInfo = await floats.Client.GetInfoAsync(new GetInfoRequest());
        var query = new SearchRequest { ContextTrack = 7, K = 10 };
        var onBytes = (await byDefault.Client.SearchAsync(query)).Hits.Select(h => h.Track).ToList();
        var onFloats = (await floats.Client.SearchAsync(query)).Hits.Select(h => h.Track).ToList();

        Assert.That(defaultInfo.ByteWalk, Is.True, "the service walks on bytes unless configured");
        Assert.That(floatInfo.ByteWalk, Is.False);
        // The codes take a 64-byte line a track at d = 16 (17 floats with the bias).
        Assert.That(defaultInfo.MemoryBytes - floatInfo.MemoryBytes, Is.GreaterThanOrEqualTo(64L * 2_000));
        Assert.That(floatInfo.MemoryBytes, Is.GreaterThan(2_000L * 17 * sizeof(float)), "the floats are counted");
        Assert.That(onFloats, Has.Count.EqualTo(10));
        Assert.That(onBytes.Intersect(onFloats).Count(), Is.GreaterThanOrEqualTo(9), "both walks find the same tracks on a small graph");
    }

    [Test]
    public void Start_MissingBundle_FailsWithOneLineNamingTheFile()
    {
        var missing = Path.Combine(_folder.Path, "no-such-bundle");
        var app = IndexApp.Build([$"--Index:BundlePath={missing}", "--Kestrel:Endpoints:Grpc:Url=http://127.0.0.1:0", "--Kestrel:Endpoints:Http:Url=http://127.0.0.1:0"]);

        var error = Assert.ThrowsAsync<Botify.Shared.Data.DataFileException>(async () => await IndexApp.StartAsync(app));

        Assert.That(error!.Message, Does.Contain(missing).And.Contain("not found"));
        Assert.That(error.Message, Does.Not.Contain('\n'));
    }

    [Test]
    public async Task Reflection_ListsTheIndexAndHealthServices()
    {
        await using var server = await IndexServer.StartAsync();
        var reflection = new ServerReflection.ServerReflectionClient(server.Channel);
        using var call = reflection.ServerReflectionInfo();

        await call.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = "" });
        await call.RequestStream.CompleteAsync();
        Assert.That(await call.ResponseStream.MoveNext(CancellationToken.None), Is.True);
        var services = call.ResponseStream.Current.ListServicesResponse.Service.Select(s => s.Name).ToList();

        Assert.That(services, Does.Contain("botify.v1.TrackIndex").And.Contain("grpc.health.v1.Health"));
    }
}
