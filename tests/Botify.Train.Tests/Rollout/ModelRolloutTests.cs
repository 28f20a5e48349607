using Botify.Shared.Hosting;
using Botify.Train.Rollout;

namespace Botify.Train.Tests.Rollout;

/// <summary>The roll-out against two real index processes; each test starts with both on the old bundle.</summary>
[Category("Integration")]
[NonParallelizable]
public sealed class ModelRolloutTests
{
    private TwoReplicas _replicas = null!;

    private RolloutBundles Bundles => _replicas.Bundles;

    [OneTimeSetUp]
    public async Task StartReplicas() => _replicas = await TwoReplicas.StartAsync();

    [OneTimeTearDown]
    public async Task StopReplicas() => await _replicas.DisposeAsync();

    [SetUp]
    public Task PutBothOnTheOldModel() => _replicas.ResetAsync();

    [Test]
    public async Task RunAsync_TwoReplicas_RollsOneAtATimeAndBothServeTheNewVersion()
    {
        string? secondWhileFirstDone = null;
        var rollout = Rollout(Bundles.New, Bundles.NewVersion, replicaDone: result =>
        {
            if (result.Replica == _replicas.First.Address)
            {
                secondWhileFirstDone = _replicas.Second.ServedVersionAsync().GetAwaiter().GetResult();
            }
        });

        var report = await rollout.RunAsync(_replicas.Addresses);

        Assert.That(report.Succeeded, Is.True, report.Failure?.Error);
        Assert.That(report.Replicas.Select(r => r.Outcome), Is.EqualTo(new[] { ReplicaOutcome.Rolled, ReplicaOutcome.Rolled }));
        Assert.That(report.Replicas.Select(r => r.OldVersion), Is.All.EqualTo(Bundles.OldVersion));
        Assert.That(report.Replicas.Select(r => r.NewVersion), Is.All.EqualTo(Bundles.NewVersion));
        Assert.That(secondWhileFirstDone, Is.EqualTo(Bundles.OldVersion), "the second replica is still on the old model once the first is checked");
        Assert.That(report.Replicas[1].StartedAt, Is.GreaterThanOrEqualTo(report.Replicas[0].FinishedAt), "the second replica is called only after the first is done");
        Assert.That(await _replicas.First.ServedVersionAsync(), Is.EqualTo(Bundles.NewVersion));
        Assert.That(await _replicas.Second.ServedVersionAsync(), Is.EqualTo(Bundles.NewVersion));
    }

    [Test]
    public async Task RunAsync_BrokenBundle_FirstReplicaRefusesItAndTheSecondIsNeverTouched()
    {
        var report = await Rollout(Bundles.Broken, Bundles.BrokenVersion).RunAsync(_replicas.Addresses);

        Assert.That(report.Succeeded, Is.False);
        Assert.That(report.Failure?.Replica, Is.EqualTo(_replicas.First.Address));
        Assert.That(report.Failure?.Error, Does.StartWith($"{_replicas.First.Address}: Reload of").And.Contain("FAILED_PRECONDITION").And.Contain("tracks.npy"));
        Assert.That(report.Failure?.NewVersion, Is.EqualTo(Bundles.OldVersion), "the refusing replica keeps its old model");
        Assert.That(report.Replicas[1].Outcome, Is.EqualTo(ReplicaOutcome.NotTouched));
        Assert.That(await _replicas.First.ServedVersionAsync(), Is.EqualTo(Bundles.OldVersion));
        Assert.That(await _replicas.Second.ServedVersionAsync(), Is.EqualTo(Bundles.OldVersion));
    }

    [Test]
    public async Task RunAsync_ReplicaDown_StopsWithAnErrorNamingIt()
    {
        var down = new ReplicaAddress("127.0.0.1", LoopbackPort.Free());

        var report = await Rollout(Bundles.New, Bundles.NewVersion).RunAsync([down, _replicas.First.Address]);

        Assert.That(report.Failure?.Replica, Is.EqualTo(down));
        Assert.That(report.Failure?.Error, Does.StartWith($"{down}: not reachable").And.Contain("UNAVAILABLE"));
        Assert.That(report.Replicas[1].Outcome, Is.EqualTo(ReplicaOutcome.NotTouched));
        Assert.That(await _replicas.First.ServedVersionAsync(), Is.EqualTo(Bundles.OldVersion));
    }

    [TestCase("another-token-of-the-right-length", "PERMISSION_DENIED", "is not this index's Index:AdminToken")]
    [TestCase(null, "UNAUTHENTICATED", "none was sent")]
    public async Task RunAsync_WrongOrNoAdminToken_IsRefusedAndNamed(string? token, string status, string why)
    {
        var report = await Rollout(Bundles.New, Bundles.NewVersion, token: token).RunAsync(_replicas.Addresses);

        Assert.That(report.Failure?.Replica, Is.EqualTo(_replicas.First.Address));
        Assert.That(report.Failure?.Error, Does.StartWith($"{_replicas.First.Address}: Reload refused").And.Contain(status).And.Contain(why));
        Assert.That(report.Failure?.Error, Does.Not.Contain(TwoReplicas.AdminToken), "the token is never printed");
        Assert.That(report.Replicas[1].Outcome, Is.EqualTo(ReplicaOutcome.NotTouched));
        Assert.That(await _replicas.First.ServedVersionAsync(), Is.EqualTo(Bundles.OldVersion));
        Assert.That(await _replicas.Second.ServedVersionAsync(), Is.EqualTo(Bundles.OldVersion));
    }

    [Test]
    public async Task RunAsync_Rerun_SkipsReplicasAlreadyOnTheVersion()
    {
        // A run that stopped after the first replica: the re-run skips it and finishes the second.
        await _replicas.First.ReloadAsync(Bundles.New, TwoReplicas.AdminToken);

        var resumed = await Rollout(Bundles.New, Bundles.NewVersion).RunAsync(_replicas.Addresses);
        var again = await Rollout(Bundles.New, Bundles.NewVersion).RunAsync(_replicas.Addresses);

        Assert.That(resumed.Replicas.Select(r => r.Outcome), Is.EqualTo(new[] { ReplicaOutcome.AlreadyServing, ReplicaOutcome.Rolled }));
        Assert.That(again.Replicas.Select(r => r.Outcome), Is.EqualTo(new[] { ReplicaOutcome.AlreadyServing, ReplicaOutcome.AlreadyServing }));
        Assert.That(again.Succeeded, Is.True);
        Assert.That(again.Replicas.Select(r => r.OldVersion), Is.All.EqualTo(Bundles.NewVersion));
    }

    [Test]
    public async Task RunAsync_ReplicaReportsAnotherVersionAfterReload_FailsNamingBoth()
    {
        // The path the index was sent is another bundle than the one whose version is expected (a wrong --reload-path).
        var report = await Rollout(Bundles.New, "trained-expected").RunAsync(_replicas.Addresses);

        Assert.That(report.Failure?.Replica, Is.EqualTo(_replicas.First.Address));
        Assert.That(report.Failure?.Error, Does.Contain($"reports model {Bundles.NewVersion} after the reload, expected trained-expected"));
        Assert.That(report.Replicas[1].Outcome, Is.EqualTo(ReplicaOutcome.NotTouched));
        Assert.That(await _replicas.Second.ServedVersionAsync(), Is.EqualTo(Bundles.OldVersion));
    }

    private static ModelRollout Rollout(string bundle, string version, string? token = TwoReplicas.AdminToken, Action<ReplicaResult>? replicaDone = null) =>
        new(new RolloutOptions { ReloadPath = bundle, ExpectedVersion = version, AdminToken = token, ReadyTimeout = TimeSpan.FromSeconds(10) }, TimeProvider.System, replicaDone);
}
