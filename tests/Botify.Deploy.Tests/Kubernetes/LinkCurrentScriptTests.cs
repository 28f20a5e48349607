using System.Diagnostics;

namespace Botify.Deploy.Tests.Kubernetes;

/// <summary>
/// The training CronJob's last step, run as written in the manifest with this host's POSIX <c>sh</c> over a model
/// folder made here: it points <c>current</c> at the newest bundle and keeps only the newest <c>KEEP_BUNDLES</c>.
/// </summary>
public sealed class LinkCurrentScriptTests
{
    private const string ModelRoot = "/data/models";

    private string _models = string.Empty;

    [SetUp]
    public void MakeModelFolder() => _models = Directory.CreateTempSubdirectory("botify-models-").FullName;

    [TearDown]
    public void RemoveModelFolder() => Directory.Delete(_models, recursive: true);

    [Test]
    public void Link_TenNightlyBundles_CurrentIsTheNewestAndTheSevenNewestKept()
    {
        var nights = Enumerable.Range(1, 10).Select(day => Bundle($"model-202612{day:00}-023000")).ToList();
        Directory.CreateDirectory(Path.Combine(_models, "model-by-hand"));

        var (exit, output) = RunLinkStep(keep: 7);

        Assert.Multiple(() =>
        {
            Assert.That(exit, Is.Zero, output);
            Assert.That(new FileInfo(Path.Combine(_models, "current")).LinkTarget, Is.EqualTo(nights[^1]));
            Assert.That(Folders(), Is.EquivalentTo(nights.Skip(3).Append("model-by-hand").Append("current")), "the three oldest removed; a hand-named folder is never touched");
            Assert.That(output, Does.Contain($"removed {nights[0]}"));
        });
    }

    [Test]
    public void Link_NewestBundleIncomplete_FailsAndNothingMovesOrIsRemoved()
    {
        var nights = Enumerable.Range(1, 9).Select(day => Bundle($"model-202612{day:00}-023000")).ToList();
        Assert.That(RunLinkStep(keep: 7).ExitCode, Is.Zero);
        Directory.CreateDirectory(Path.Combine(_models, "model-20261231-023000"));
        var before = Folders();

        var (exit, _) = RunLinkStep(keep: 7);

        Assert.Multiple(() =>
        {
            Assert.That(exit, Is.Not.Zero, "a bundle without its manifest is not a model");
            Assert.That(Folders(), Is.EquivalentTo(before));
            Assert.That(new FileInfo(Path.Combine(_models, "current")).LinkTarget, Is.EqualTo(nights[^1]), "current still names the last complete model");
        });
    }

    [Test]
    public void Link_KeepBelowOne_RefusedBeforeRemovingAnything()
    {
        var nights = Enumerable.Range(1, 3).Select(day => Bundle($"model-202612{day:00}-023000")).ToList();

        var (exit, _) = RunLinkStep(keep: 0);

        Assert.Multiple(() =>
        {
            Assert.That(exit, Is.Not.Zero);
            Assert.That(Folders(), Is.SupersetOf(nights), "current's own bundle is never removed");
        });
    }

    private string Bundle(string name)
    {
        Directory.CreateDirectory(Path.Combine(_models, name));
        File.WriteAllText(Path.Combine(_models, name, "manifest.json"), "{}");
        return name;
    }

    private List<string> Folders() => [.. Directory.EnumerateFileSystemEntries(_models).Select(Path.GetFileName).OfType<string>()];

    /// <summary>The link container's script from the rendered CronJob, with the volume's path replaced by this test's folder.</summary>
    private (int ExitCode, string Output) RunLinkStep(int keep)
    {
        var link = RenderedOverlay.Get("dev").CronJob("botify-train").Spec.JobTemplate.Spec.Template.Spec.Containers.Single(c => c.Name == "link-current");
        Assert.That(link.Command.Take(2), Is.EqualTo(new[] { "sh", "-c" }));
        var script = link.Command[2];
        Assert.That(script, Does.Contain($"cd {ModelRoot}\n"));
        var start = new ProcessStartInfo("sh") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(script.Replace($"cd {ModelRoot}\n", $"cd '{_models}'\n", StringComparison.Ordinal));
        start.Environment["KEEP_BUNDLES"] = keep.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.That(link.Env.Single(e => e.Name == "KEEP_BUNDLES").Value, Is.EqualTo("7"), "a week of nightly bundles by default");
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        Assert.That(process.WaitForExit(TimeSpan.FromSeconds(30)), Is.True, "the link step finished");
        return (process.ExitCode, output.Result + error.Result);
    }
}
