using System.Diagnostics;
using Botify.Shared.Embeddings;
using Botify.Shared.Hosting;
using Botify.Shared.Models;
using Botify.Shared.Statistics;
using Botify.Sim.Remote;
using Botify.Sim.Sessions;
using Botify.Sim.Worlds;

namespace Botify.Api.Tests.EndToEnd;

/// <summary>
/// The point of the session-taste source: on a simulated world whose model is the truth (context
/// and track vectors = the world's true vectors, bias 0), querying with the session's taste keeps listeners
/// longer than querying with the previous well-heard track. Real index and API in-process, the simulator's
/// listeners over gRPC; both arms have the same fatigue layer, so only the query differs.
/// </summary>
[Category("Integration")]
[NonParallelizable]
public sealed class SessionVersusContextualTests
{
    private const int Seed = 7;
    private const int Episodes = 4_000;

    [Test]
    public async Task Next_SessionVersusContextualOnTrueVectors_SessionKeepsListenersLongerWelchIntervalAboveZero()
    {
        using var folder = new TempFolder();
        // 60 genres of 50 tracks: a top-100 then reaches past the genre, so where the query points matters.
        // With the default 20 genres of 150 tracks a top-100 is most of one genre whichever of its tracks
        // asks, and the difference (about 10% there) needs several times these sessions to show. As many
        // listeners as sessions: the listener is the unit, and spreading the sessions over more listeners
        // shrinks the between-listener part of the interval (their biases differ widely).
        var world = WorldGenerator.Generate(new WorldOptions { Tracks = 3_000, Genres = 60, Listeners = 4_000, Seed = Seed });
        var catalogPath = folder.File("tracks.jsonl");
        world.Catalog.Save(catalogPath);
        var bundlePath = Path.Combine(folder.Path, "model");
        TrueModel(world).Save(bundlePath);

        await using var index = new IndexHost(LoopbackPort.Free(), bundlePath);
        await index.StartAsync();
        await using var api = await ApiServer.StartAsync(catalogPath, index.Address, folder, [
            .. ApiServer.Treatment(0, "C", "Contextual"),
            .. ApiServer.Treatment(1, "S", "Session"),
            // The comparison is of recommenders, not of latency: a cold JIT must not turn replies into fallbacks.
            "--Index:AttemptTimeout=00:00:05",
            "--Index:TotalTimeout=00:00:10",
        ]);
        using var driver = new RemoteDriver(world, new RemoteDriverOptions { Target = api.GrpcAddress, Seed = Seed, Concurrency = 8, Deadline = TimeSpan.FromSeconds(10) });

        var clock = Stopwatch.StartNew();
        var run = await driver.RunAsync(Episodes);
        var elapsed = clock.Elapsed;

        Assert.That(run.Sessions.Sum(s => s.Errors), Is.Zero, "every call answered");
        var contextual = PerListenerMeans(run.Sessions, "C");
        var session = PerListenerMeans(run.Sessions, "S");
        var (difference, low, high) = Welch(session, contextual);
        TestContext.Out.WriteLine(
            $"{Episodes} sessions in {elapsed.TotalSeconds:F1} s ({run.Sessions.Sum(s => s.Steps)} steps): " +
            $"contextual {contextual.Average():F3} over {contextual.Length} listeners, session {session.Average():F3} over {session.Length}; " +
            $"difference {difference:F3} [{low:F3}, {high:F3}]");
        Assert.That(low, Is.GreaterThan(0), $"the session query beats the previous-track query: difference {difference:F3}, 95% interval [{low:F3}, {high:F3}]");
    }

    /// <summary>The model a perfect trainer would learn here: context and track tables are the true vectors, no bias, no listener vectors.</summary>
    private static ModelBundle TrueModel(World world)
    {
        var truth = world.TrueVectors;
        var manifest = new ModelManifest
        {
            ModelVersion = "true-vectors",
            Dimension = truth.Dimension,
            Tracks = truth.Rows,
            Users = 0,
            CreatedAt = DateTimeOffset.UnixEpoch,
        };
        return new ModelBundle(manifest, truth, truth, new float[truth.Rows], EmbeddingTable.Zeros(0, truth.Dimension));
    }

    /// <summary>Per listener of <paramref name="treatment"/>, mean time per session (the listener is the unit of randomisation).</summary>
    private static double[] PerListenerMeans(IEnumerable<SessionRecord> sessions, string treatment) =>
        [.. sessions.Where(s => s.Treatment == treatment).GroupBy(s => s.User).Select(g => g.Average(s => s.Time))];

    /// <summary>Difference of means with Welch's 95% interval (Welch–Satterthwaite degrees of freedom).</summary>
    private static (double Difference, double Low, double High) Welch(double[] treatment, double[] control)
    {
        var (meanT, varT) = MeanAndVariance(treatment);
        var (meanC, varC) = MeanAndVariance(control);
        var a = varT / treatment.Length;
        var b = varC / control.Length;
        var degrees = ((a + b) * (a + b)) / ((a * a / (treatment.Length - 1)) + (b * b / (control.Length - 1)));
        var half = StudentT.Quantile(0.975, degrees) * Math.Sqrt(a + b);
        var difference = meanT - meanC;
        return (difference, difference - half, difference + half);
    }

    private static (double Mean, double Variance) MeanAndVariance(double[] values)
    {
        var mean = values.Average();
        return (mean, values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1));
    }
}
