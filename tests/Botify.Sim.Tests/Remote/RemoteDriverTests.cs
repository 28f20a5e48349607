using Botify.Shared.Hosting;
using Botify.Sim.Remote;
using Botify.Sim.Sessions;

namespace Botify.Sim.Tests.Remote;

[Category("Integration")]
public sealed class RemoteDriverTests
{
    [Test]
    public async Task RunAsync_HealthyServer_CountsCallsSessionsAndTreatments()
    {
        await using var server = await FakeRecommenderServer.StartAsync(new FakeBehaviour());
        using var driver = new RemoteDriver(TinyWorlds.Small, new RemoteDriverOptions { Target = server.Address, Seed = 3, Concurrency = 8 });

        var result = await driver.RunAsync(300);

        var steps = result.Sessions.Sum(s => (long)s.Steps);
        Assert.Multiple(() =>
        {
            Assert.That(result.Sessions, Has.Count.EqualTo(300));
            Assert.That(result.Sessions.Select(s => s.Episode), Is.EqualTo(Enumerable.Range(0, 300)));
            Assert.That(result.Sessions.All(s => s.Errors == 0 && s.Steps >= 1), Is.True);
            Assert.That(result.Sessions.All(s => s.Treatment == FakeBehaviour.TreatmentOf(s.User)), Is.True);
            Assert.That(server.Behaviour.NextCalls, Is.EqualTo(steps), "one Next per heard recommendation");
            Assert.That(server.Behaviour.LastCalls, Is.EqualTo(300), "one Last per session");
            Assert.That(result.Latency.Calls, Is.EqualTo(steps + 300));
            Assert.That(result.Latency.Errors, Is.Zero);
            Assert.That(result.Latency.P50Ms, Is.GreaterThan(0).And.LessThanOrEqualTo(result.Latency.P99Ms));
            Assert.That(result.Latency.MaxMs, Is.GreaterThanOrEqualTo(result.Latency.P99Ms));
            Assert.That(server.Behaviour.Overlaps, Is.Zero, "never two calls of one listener at once");
        });
    }

    [Test]
    public async Task RunAsync_SameSeed_PlaysTheSameListenersAsInProcess()
    {
        await using var server = await FakeRecommenderServer.StartAsync(new FakeBehaviour());
        using var driver = new RemoteDriver(TinyWorlds.Small, new RemoteDriverOptions { Target = server.Address, Seed = 8, Concurrency = 4 });

        var result = await driver.RunAsync(50);

        Assert.That(result.Sessions.Select(s => s.User), Is.EqualTo(Enumerable.Range(0, 50).Select(e => EpisodePlan.ListenerOf(TinyWorlds.Small, 8, e).Id)));
    }

    [Test]
    public async Task RunAsync_ServerFailsSomeCalls_CountsErrorsAndGoesOn()
    {
        await using var server = await FakeRecommenderServer.StartAsync(new FakeBehaviour { FailEvery = 10 });
        using var driver = new RemoteDriver(TinyWorlds.Small, new RemoteDriverOptions { Target = server.Address, Seed = 3, Concurrency = 8 });

        var result = await driver.RunAsync(200);

        Assert.Multiple(() =>
        {
            Assert.That(result.Sessions, Has.Count.EqualTo(200));
            Assert.That(result.Latency.ErrorsByKind["Unavailable"], Is.EqualTo(server.Behaviour.Failed));
            Assert.That(result.Latency.Errors, Is.EqualTo(server.Behaviour.Failed));
            Assert.That(result.Sessions.Sum(s => s.Errors), Is.EqualTo(server.Behaviour.Failed));
            Assert.That(server.Behaviour.LastCalls, Is.EqualTo(200), "a failed session still ends with Last");
            Assert.That(result.Latency.ErrorRate, Is.GreaterThan(0.05).And.LessThan(0.15));
        });
    }

    [Test]
    public async Task RunAsync_SlowCalls_CountedAsDeadlineExceeded()
    {
        await using var server = await FakeRecommenderServer.StartAsync(new FakeBehaviour { DelayEvery = 25, Delay = TimeSpan.FromMilliseconds(400) });
        using var driver = new RemoteDriver(TinyWorlds.Small, new RemoteDriverOptions
        {
            Target = server.Address,
            Concurrency = 16,
            Deadline = TimeSpan.FromMilliseconds(100),
        });

        var result = await driver.RunAsync(100);

        Assert.Multiple(() =>
        {
            Assert.That(result.Latency.ErrorsByKind["DeadlineExceeded"], Is.EqualTo(server.Behaviour.Delayed));
            Assert.That(result.Latency.MaxMs, Is.LessThan(400), "no successful call waited past the deadline");
        });
    }

    [Test]
    public async Task RunAsync_TrackOutsideCatalog_CountedAsBadReply()
    {
        await using var server = await FakeRecommenderServer.StartAsync(new FakeBehaviour { BadTrackEvery = 7 });
        using var driver = new RemoteDriver(TinyWorlds.Small, new RemoteDriverOptions { Target = server.Address, Concurrency = 4 });

        var result = await driver.RunAsync(100);

        Assert.Multiple(() =>
        {
            Assert.That(result.Latency.ErrorsByKind["BadReply"], Is.EqualTo(server.Behaviour.NextCalls / 7));
            Assert.That(result.Sessions.Count(s => s.Errors > 0), Is.EqualTo(server.Behaviour.NextCalls / 7));
        });
    }

    [Test]
    public async Task RunAsync_TargetRate_PacesCalls()
    {
        await using var server = await FakeRecommenderServer.StartAsync(new FakeBehaviour());
        using var driver = new RemoteDriver(TinyWorlds.Small, new RemoteDriverOptions { Target = server.Address, Concurrency = 8, Rate = 400 });

        var result = await driver.RunAsync(40);

        Assert.That(result.Latency.RequestsPerSecond, Is.LessThan(400 * 1.1));
    }

    [Test]
    public async Task RunAsync_NothingListening_EverySessionFailsAndTheRunEnds()
    {
        var address = new Uri($"http://127.0.0.1:{LoopbackPort.Free()}");
        using var driver = new RemoteDriver(TinyWorlds.Small, new RemoteDriverOptions { Target = address, Concurrency = 2 });

        var result = await driver.RunAsync(5);

        Assert.Multiple(() =>
        {
            Assert.That(result.Sessions.All(s => s.Errors == 2 && s.Steps == 0), Is.True);
            Assert.That(result.Latency.ErrorsByKind["Unavailable"], Is.EqualTo(10));
        });
    }

    [Test]
    [Explicit("a throughput probe for the README, not a timed test")]
    public async Task RunAsync_TrivialServer_ReportsThroughput()
    {
        await using var server = await FakeRecommenderServer.StartAsync(new FakeBehaviour { Think = TimeSpan.Zero });
        using var driver = new RemoteDriver(TinyWorlds.Small, new RemoteDriverOptions { Target = server.Address, Concurrency = 64 });
        await driver.RunAsync(500);

        var result = await driver.RunAsync(20_000);

        TestContext.Out.WriteLine($"{result.Latency.Calls} calls in {result.Elapsed.TotalSeconds:F2} s: {result.Latency.RequestsPerSecond:F0} calls/s, p50 {result.Latency.P50Ms:F2} ms, p99 {result.Latency.P99Ms:F2} ms");
        Assert.That(result.Latency.Errors, Is.Zero);
    }
}
