using Botify.Shared.Models;

namespace Botify.Train.Tests.Rollout;

/// <summary>Bad usage of the roll-out options exits 2 with a line naming the option, before anything is called or trained.</summary>
[NonParallelizable]
public sealed class RolloutUsageTests
{
    private TempFolder _folder = null!;

    [SetUp]
    public void WriteBundle()
    {
        _folder = new TempFolder();
        RandomModelGenerator.Generate(tracks: 10, users: 2, dimension: 4, seed: 5).Save(_folder.File("bundle"));
    }

    [TearDown]
    public void DeleteBundle() => _folder.Dispose();

    [TestCase("rollout --index 127.0.0.1:1", "'--bundle' is required")]
    [TestCase("rollout --bundle {bundle}", "no replica to roll out to: pass --index host:port or --index-service name:port")]
    [TestCase("rollout --bundle {bundle} --index a:1 --index-service s:1", "--index and --index-service both name the replicas")]
    [TestCase("rollout --bundle {bundle} --index a:1,index", "--index 'index': expected host:port")]
    [TestCase("rollout --bundle {bundle} --index-service botify-index", "--index-service 'botify-index': expected host:port")]
    [TestCase("rollout --bundle {bundle} --index a:1 --ready-timeout soon", "--ready-timeout 'soon': expected a duration")]
    [TestCase("rollout --bundle {bundle} --index a:1 --ready-timeout 0s", "--ready-timeout '0s': outside 1s..10m")]
    [TestCase("rollout --bundle {bundle} --index a:1 --token-file {folder}/none", "--token-file '")]
    [TestCase("rollout --bundle {bundle} --index a:1 --expect-version other", "--expect-version 'other' disagrees with")]
    [TestCase("rollout --bundle {bundle} --index a:1 --reload-path x --reload-relative-to {folder}", "--reload-path and --reload-relative-to both")]
    [TestCase("rollout --bundle {folder}/absent --index a:1", "pass --expect-version")]
    [TestCase("--log {folder}/log --out {folder}/a --out-root {folder}/b", "--out and --out-root both name the bundle folder")]
    [TestCase("--log {folder}/log", "pass --out BUNDLE or --out-root FOLDER")]
    [TestCase("--log {folder}/log --out {folder}/a --rollout-index bad", "--rollout-index 'bad': expected host:port")]
    [TestCase("--log {folder}/log --out {folder}/a --rollout-service s:1 --rollout-relative-to {folder}/b", "--rollout-relative-to '")]
    [TestCase("--log {folder}/log --out {folder}/a --rollout-token-file {folder}/token", "no replica to roll out to: pass --rollout-index host:port or --rollout-service name:port")]
    [TestCase("--out {folder}/a", "give the events either as --log files or as --stream URL")]
    [TestCase("--log {folder}/log --stream nats://127.0.0.1:1 --out {folder}/a", "give the events either as --log files or as --stream URL")]
    [TestCase("--log {folder}/log --since 24h --out {folder}/a", "--since needs --stream")]
    [TestCase("--stream nats://127.0.0.1:1 --since yesterday --out {folder}/a", "window 'yesterday' is not a duration")]
    [TestCase("--stream nats://127.0.0.1:1 --stream-name bad.name --out {folder}/a", "stream name 'bad.name' is not valid")]
    public void Run_BadUsage_ExitsTwoNamingTheOption(string commandLine, string error)
    {
        var args = commandLine.Replace("{bundle}", _folder.File("bundle"), StringComparison.Ordinal).Replace("{folder}", _folder.Path, StringComparison.Ordinal).Split(' ');

        var (exit, errors) = RolloutCommandLineTests.Run(args);

        Assert.That(exit, Is.EqualTo(2), errors);
        Assert.That(errors, Does.Contain(error));
        Assert.That(Directory.Exists(_folder.File("a")), Is.False, "nothing was trained");
    }
}
