using System.CommandLine;
using System.Net;
using System.Text.RegularExpressions;
using Botify.Shared.Models;
using Botify.Train.Rollout;

namespace Botify.Train.Tests.Rollout;

/// <summary>The command lines: <c>Botify.Train rollout …</c> and <c>Botify.Train --log … --out-root … --rollout-index …</c> against two real index processes.</summary>
[Category("Integration")]
[NonParallelizable]
public sealed partial class RolloutCommandLineTests
{
    private TwoReplicas _replicas = null!;
    private TempFolder _folder = null!;
    private string _tokenFile = null!;

    [OneTimeSetUp]
    public async Task StartReplicas()
    {
        _replicas = await TwoReplicas.StartAsync();
        _folder = new TempFolder();
        _tokenFile = _folder.File("token");
        // As a Secret mounted as a file may hold it: with a final newline.
        await File.WriteAllTextAsync(_tokenFile, TwoReplicas.AdminToken + "\n");
    }

    [OneTimeTearDown]
    public async Task StopReplicas()
    {
        await _replicas.DisposeAsync();
        _folder.Dispose();
    }

    [SetUp]
    public Task PutBothOnTheOldModel() => _replicas.ResetAsync();

    [Test]
    public async Task Rollout_EveryReplicaServesTheBundle_ExitsZero()
    {
        var (exit, errors) = Run(["rollout", "--bundle", _replicas.Bundles.New, "--index", _replicas.IndexList, "--token-file", _tokenFile, "--ready-timeout", "10s"]);

        Assert.That(exit, Is.Zero, errors);
        Assert.That(await _replicas.First.ServedVersionAsync(), Is.EqualTo(_replicas.Bundles.NewVersion));
        Assert.That(await _replicas.Second.ServedVersionAsync(), Is.EqualTo(_replicas.Bundles.NewVersion));
    }

    [Test]
    public async Task Rollout_BrokenBundle_ExitsOneNamingTheReplicaAndTheFile()
    {
        var (exit, errors) = Run(["rollout", "--bundle", _replicas.Bundles.Broken, "--index", _replicas.IndexList, "--token-file", _tokenFile]);

        Assert.That(exit, Is.EqualTo(1));
        Assert.That(errors, Does.Contain($"rollout: {_replicas.First.Address}: Reload of").And.Contain("tracks.npy"));
        Assert.That(await _replicas.Second.ServedVersionAsync(), Is.EqualTo(_replicas.Bundles.OldVersion));
    }

    [Test]
    public async Task Rollout_IndexService_RollsToEveryAddressTheNameResolvesTo()
    {
        // A headless Service's DNS answer: both pods, at the one port the Service names.
        var command = new RootCommand { RolloutCommand.Create(TimeProvider.System, (host, _) =>
            Task.FromResult(host == "botify-index" ? new[] { IPAddress.Parse("127.0.0.2"), IPAddress.Parse("127.0.0.1") } : [])) };

        var exit = await command.Parse(["rollout", "--bundle", _replicas.Bundles.New, "--index-service", $"botify-index:{_replicas.Port}", "--token-file", _tokenFile]).InvokeAsync();

        Assert.That(exit, Is.Zero);
        Assert.That(await _replicas.First.ServedVersionAsync(), Is.EqualTo(_replicas.Bundles.NewVersion));
        Assert.That(await _replicas.Second.ServedVersionAsync(), Is.EqualTo(_replicas.Bundles.NewVersion));
    }

    [Test]
    public async Task Train_OutRootAndRolloutIndex_TrainsIntoANewTimestampedFolderAndRollsItOut()
    {
        var log = _folder.File("events.jsonl");
        new SyntheticLog(300, users: 20, sessions: 300, seed: 9).Write(log);
        var root = _folder.File("models");

        var (exit, errors) = Run(["--log", log, "--out-root", root, "--dim", "8", "--epochs", "2", "--threads", "1",
            "--rollout-index", _replicas.IndexList, "--rollout-token-file", _tokenFile, "--rollout-ready-timeout", "10s"]);

        Assert.That(exit, Is.Zero, errors);
        var bundle = Directory.GetDirectories(root).Single();
        Assert.That(Path.GetFileName(bundle), Does.Match(BundleName()));
        var version = ModelBundle.Load(bundle).Manifest.ModelVersion;
        Assert.That(await _replicas.First.ServedVersionAsync(), Is.EqualTo(version).And.StartWith("trained-"));
        Assert.That(await _replicas.Second.ServedVersionAsync(), Is.EqualTo(version));
    }

    [Test]
    public async Task Train_OutAsBefore_WritesTheBundleAndRollsNothing()
    {
        var log = _folder.File("events-out.jsonl");
        new SyntheticLog(300, users: 20, sessions: 300, seed: 9).Write(log);
        var bundle = _folder.File("model-out");

        var (exit, errors) = Run(["--log", log, "--out", bundle, "--dim", "8", "--epochs", "2", "--threads", "1"]);

        Assert.That(exit, Is.Zero, errors);
        Assert.That(File.Exists(Path.Combine(bundle, ModelBundle.ManifestFile)), Is.True);
        Assert.That(await _replicas.First.ServedVersionAsync(), Is.EqualTo(_replicas.Bundles.OldVersion));
    }

    /// <summary>Runs the tool in-process, returning its exit code and what it wrote to standard error.</summary>
    internal static (int Exit, string Errors) Run(string[] args)
    {
        var errors = new StringWriter();
        var previous = Console.Error;
        Console.SetError(errors);
        try
        {
            return (TrainCommand.Run(args), errors.ToString());
        }
        finally
        {
            Console.SetError(previous);
        }
    }

    [GeneratedRegex(@"^model-\d{8}-\d{6}$")]
    private static partial Regex BundleName();
}
