using Botify.Api.Caching;
using Botify.Protos.V1;
using Botify.Shared.Embeddings;
using Botify.Shared.Hosting;
using Botify.Shared.Models;
using Botify.Sim.Worlds;
using Grpc.Net.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Botify.Api.Tests.EndToEnd;

/// <summary>
/// The candidate cache changes where Contextual's candidates come from, never which track a listener gets:
/// two APIs on one real index, one caching and one not, seeded alike, answer a scripted run the same, through
/// the fatigue filters and across a reload of another model.
/// </summary>
[Category("Integration")]
[NonParallelizable]
public sealed class CachedServingTests
{
    private const int Tracks = 400;

    [Test]
    public async Task Next_SeededRunWithFiltersAndAReload_SameAnswersWithAndWithoutTheCache()
    {
        using var folder = new TempFolder();
        var world = WorldGenerator.Generate(new WorldOptions { Tracks = Tracks, Genres = 10, Listeners = 100, Seed = 3 });
        var catalogPath = folder.File("tracks.jsonl");
        world.Catalog.Save(catalogPath);
        var modelA = Path.Combine(folder.Path, "a");
        var modelB = Path.Combine(folder.Path, "b");
        Model(world, "model-a", shift: 0).Save(modelA);
        Model(world, "model-b", shift: 17).Save(modelB);

        // A search wide enough to visit the whole graph is exact, so both paths rank alike.
        await using var index = new IndexHost(LoopbackPort.Free(), modelA, configure: null, "--Index:EfSearch=1000", "--Index:ByteWalk=false");
        await index.StartAsync();
        string[] settings =
        [
            // k 20 of a 30-deep cache: a session's exclusions often leave too few, so the refill path runs too.
            .. ApiServer.Treatment(0, "C", "Contextual", k: 20, retryK: 200),
            .. ApiServer.Treatment(1, "T1", "Contextual", k: 20, retryK: 200),
            "--CandidateCache:Depth=30",
            "--CandidateCache:VersionCheckInterval=00:00:00.1",
            "--Index:AttemptTimeout=00:00:05",
            "--Index:TotalTimeout=00:00:10",
        ];
        using var cachedFolder = new TempFolder();
        using var plainFolder = new TempFolder();
        await using var cached = await ApiServer.StartAsync(catalogPath, index.Address, cachedFolder, settings);
        await using var plain = await ApiServer.StartAsync(catalogPath, index.Address, plainFolder, [.. settings, "--CandidateCache:Enabled=false"]);
        var cache = cached.Services.GetRequiredService<CandidateCache>();
        await WaitForVersion(cache, "model-a");

        var script = new Random(11);
        var before = await Run(cached, plain, script, firstUser: 0);
        using (var channel = GrpcChannel.ForAddress(index.Address))
        {
            var reloaded = await new TrackIndex.TrackIndexClient(channel).ReloadAsync(new ReloadRequest { BundlePath = modelB });
            Assert.That(reloaded.Info.ModelVersion, Is.EqualTo("model-b"));
        }

        await WaitForVersion(cache, "model-b");
        var after = await Run(cached, plain, script, firstUser: 1_000);

        TestContext.Out.WriteLine($"cache: {cache.Hits} hits, {cache.Misses} misses, {cache.Refills} refills, {cache.Entries} entries");
        Assert.Multiple(() =>
        {
            Assert.That(after.Sources, Is.EqualTo(new[] { "contextual" }), "every answer after the reload came from the index's model, none from a fallback");
            Assert.That(cache.Hits, Is.GreaterThan(cache.Misses), "the run repeats contexts, so most lookups hit");
            Assert.That(cache.Refills, Is.GreaterThan(0), "exclusions left fewer than k at least once");
            Assert.That(before.Steps + after.Steps, Is.EqualTo(2 * Listeners * Steps), "both runs compared every step");
        });
    }

    private const int Listeners = 30;
    private const int Steps = 12;

    /// <summary>
    /// <see cref="Listeners"/> sessions of <see cref="Steps"/> calls each, made to both APIs in turn; each next context
    /// is the track just recommended, each share heard drawn from <paramref name="script"/> (skips included, so
    /// the fatigue rules fire). Asserts the two answers of every call are the same.
    /// </summary>
    private static async Task<(int Steps, string[] Sources)> Run(ApiServer cached, ApiServer plain, Random script, int firstUser)
    {
        var calls = 0;
        var sources = new HashSet<string>();
        for (var user = firstUser; user < firstUser + Listeners; user++)
        {
            // Few distinct starts, so contexts repeat across listeners.
            var track = script.Next(8) * 40;
            for (var step = 0; step < Steps; step++)
            {
                var heard = script.NextDouble() < 0.3 ? 0.1f : 1f;
                var withCache = await cached.Client.NextAsync(new NextRequest { User = user, Track = track, Time = heard });
                var without = await plain.Client.NextAsync(new NextRequest { User = user, Track = track, Time = heard });
                Assert.That((withCache.Track, withCache.Source), Is.EqualTo((without.Track, without.Source)), $"listener {user}, step {step}, context {track}");
                sources.Add(withCache.Source);
                track = withCache.Track;
                calls++;
            }
        }

        return (calls, [.. sources]);
    }

    private static async Task WaitForVersion(CandidateCache cache, string version)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (cache.ModelVersion != version && waited.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(20);
        }

        Assert.That(cache.ModelVersion, Is.EqualTo(version), "the cache read the index's model version");
    }

    /// <summary>Context and track tables are the world's true vectors, the tracks' rotated by <paramref name="shift"/> rows (another model, other neighbours).</summary>
    private static ModelBundle Model(World world, string version, int shift)
    {
        var truth = world.TrueVectors;
        var tracks = EmbeddingTable.Zeros(truth.Rows, truth.Dimension);
        for (var t = 0; t < truth.Rows; t++)
        {
            truth.Row((t + shift) % truth.Rows).CopyTo(tracks.Row(t));
        }

        var manifest = new ModelManifest { ModelVersion = version, Dimension = truth.Dimension, Tracks = truth.Rows, Users = 0, CreatedAt = DateTimeOffset.UnixEpoch };
        return new ModelBundle(manifest, truth, tracks, new float[truth.Rows], EmbeddingTable.Zeros(0, truth.Dimension));
    }
}
