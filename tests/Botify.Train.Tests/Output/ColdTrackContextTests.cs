using System.Numerics.Tensors;
using Botify.Shared.Catalog;
using Botify.Shared.Models;
using Botify.Train.Examples;
using Botify.Train.Model;
using Botify.Train.Output;

namespace Botify.Train.Tests.Output;

/// <summary>
/// A trained bundle lists no cold tracks: every track training never saw as a context gets a vector from
/// its artist, else from the tracks it was played with, else the mean (docs/training.md, "Cold tracks").
/// </summary>
public sealed class ColdTrackContextTests
{
    private const int Artists = 20;
    private const int TracksPerArtist = 5;

    [Test]
    public void Run_TrackOnlySkippedWithLikedArtist_GetsItsArtistsContextNotItsCoPlays()
    {
        // Each artist's last track is only ever skipped, and only after the next artist's tracks: its
        // co-plays point at the wrong artist, so only the artist's share puts it near its own.
        var log = new SessionLog();
        var random = new Random(3);
        for (var s = 0; s < 3_000; s++)
        {
            var artist = random.Next(Artists);
            var liked = Enumerable.Range(0, TracksPerArtist - 1).OrderBy(_ => random.Next()).Select(k => Track(artist, k)).ToArray();
            var other = Track((artist + 1 + random.Next(Artists - 1)) % Artists, random.Next(TracksPerArtist - 1));
            var skippedOnly = Track((artist + Artists - 1) % Artists, TracksPerArtist - 1);
            log.Add(random.Next(50), liked[0], (liked[1], 0.9), (other, 0.1), (liked[2], 0.85), (skippedOnly, 0.1), (liked[3], 0.9));
        }

        using var folder = new TempFolder();
        var logPath = folder.File("events.jsonl");
        log.Write(logPath);
        var bundlePath = Path.Combine(folder.Path, "bundle");
        var options = new TrainerOptions { Dimension = 8, Epochs = 6, Threads = 1, Seed = 2 };

        var report = TrainingPipeline.Run(new TrainingRequest([logPath], bundlePath, options, Catalog: Catalog()));
        var bundle = ModelBundle.Load(bundlePath);

        Assert.That(bundle.Manifest.ColdTracks, Is.Empty);
        Assert.That(bundle.Manifest.Metrics["context_from_features"], Is.EqualTo(Artists), "each artist's skipped-only track");
        Assert.That(report.Contexts.FromFeatures, Is.EqualTo(Artists));
        var means = Enumerable.Range(0, Artists).Select(a => Mean(bundle, Enumerable.Range(0, TracksPerArtist - 1).Select(k => Track(a, k)))).ToArray();
        for (var artist = 0; artist < Artists; artist++)
        {
            var context = bundle.Context.Row(Track(artist, TracksPerArtist - 1)).ToArray();
            var own = TensorPrimitives.CosineSimilarity(context, means[artist]);
            var bestOther = Enumerable.Range(0, Artists).Where(a => a != artist).Max(a => TensorPrimitives.CosineSimilarity(context, means[a]));
            Assert.That(own, Is.GreaterThan(bestOther), $"artist {artist}: cosine to its own artist's tracks against the nearest other artist's");
        }
    }

    [Test]
    public void Run_TrackOnlyPlayedAfterOthersWithoutCatalog_GetsTheContextsItWasHeardAfter()
    {
        // Track 45 is heard for half after a start among 0..9, never liked, never a start: never a context.
        const int heardAfterStarts = 45;
        var log = new SessionLog();
        var random = new Random(4);
        var startsBefore = new List<int>();
        for (var s = 0; s < 600; s++)
        {
            var start = random.Next(40);
            var group = start / 10 * 10;
            if (start < 10 && s % 3 == 0)
            {
                startsBefore.Add(start);
                log.Add(random.Next(30), start, (heardAfterStarts, 0.5), (group + random.Next(10), 0.9));
            }
            else
            {
                log.Add(random.Next(30), start, (group + random.Next(10), 0.9), (group + random.Next(10), 0.8));
            }
        }

        using var folder = new TempFolder();
        var logPath = folder.File("events.jsonl");
        log.Write(logPath);
        var bundlePath = Path.Combine(folder.Path, "bundle");
        var options = new TrainerOptions { Dimension = 8, Epochs = 3, Threads = 1, Seed = 2 };

        TrainingPipeline.Run(new TrainingRequest([logPath], bundlePath, options, Tracks: 50));
        var bundle = ModelBundle.Load(bundlePath);

        // Every play of it was heard for the same share after a learned start, so its context is their plain mean.
        var expected = Mean(bundle, startsBefore);
        Assert.That(startsBefore, Is.Not.Empty);
        Assert.That(bundle.Manifest.ColdTracks, Is.Empty);
        Assert.That(bundle.Manifest.Metrics["context_from_coplay"], Is.EqualTo(1));
        Assert.That(bundle.Context.Row(heardAfterStarts).ToArray(), Is.EqualTo(expected).Within(1e-5f));
        var otherGroup = Mean(bundle, Enumerable.Range(10, 10));
        Assert.That(TensorPrimitives.CosineSimilarity(bundle.Context.Row(heardAfterStarts), Mean(bundle, Enumerable.Range(0, 10))),
            Is.GreaterThan(TensorPrimitives.CosineSimilarity(bundle.Context.Row(heardAfterStarts), otherGroup)));
    }

    [Test]
    public void Run_NeverPlayedTracksWithoutCatalog_GetTheMeanContextAndTheCountsAddUp()
    {
        // Tracks 0..98 are started or liked (trained), 99 only skipped (co-play), 100..119 never played (mean).
        var log = new SessionLog();
        var random = new Random(5);
        for (var s = 0; s < 400; s++)
        {
            log.Add(random.Next(40), random.Next(99), (random.Next(99), 0.9), (99, 0.05), (random.Next(99), 0.8));
        }

        using var folder = new TempFolder();
        var logPath = folder.File("events.jsonl");
        log.Write(logPath);
        var bundlePath = Path.Combine(folder.Path, "bundle");
        var options = new TrainerOptions { Dimension = 8, Epochs = 2, Threads = 1, Seed = 2 };

        // 50 listeners more than the log holds, and 20 tracks more.
        var report = TrainingPipeline.Run(new TrainingRequest([logPath], bundlePath, options, Tracks: 120, Users: 90));
        var bundle = ModelBundle.Load(bundlePath);

        var metrics = bundle.Manifest.Metrics;
        Assert.That(bundle.Manifest.ColdTracks, Is.Empty);
        Assert.That(report.Contexts, Is.EqualTo(new ContextSourceCounts(99, 0, 1, 20)));
        Assert.That(metrics["context_trained"] + metrics["context_from_features"] + metrics["context_from_coplay"] + metrics["context_from_mean"], Is.EqualTo(120));
        Assert.That(metrics["context_from_mean"], Is.EqualTo(20));
        var mean = Mean(bundle, Enumerable.Range(0, 99));
        Assert.That(mean, Is.Not.All.Zero);
        for (var t = 100; t < 120; t++)
        {
            Assert.That(bundle.Context.Row(t).ToArray(), Is.EqualTo(mean).Within(1e-5f), $"track {t}");
            Assert.That(bundle.Tracks.Row(t).ToArray(), Is.All.Zero, "never heard: no track vector");
        }

        Assert.That(bundle.Users.Row(85).ToArray(), Is.All.Zero, "an unseen listener keeps a zero vector");
    }

    private static int Track(int artist, int k) => (artist * TracksPerArtist) + k;

    private static TrackCatalog Catalog() => new([.. Enumerable.Range(0, Artists * TracksPerArtist)
        .Select(t => new CatalogTrack(t, $"artist-{t / TracksPerArtist}", $"title-{t}", []))]);

    private static float[] Mean(ModelBundle bundle, IEnumerable<int> tracks)
    {
        var sum = new float[bundle.Manifest.Dimension];
        var count = 0;
        foreach (var t in tracks)
        {
            TensorPrimitives.Add(sum, bundle.Context.Row(t), sum);
            count++;
        }

        TensorPrimitives.Divide(sum, count, sum);
        return sum;
    }
}
