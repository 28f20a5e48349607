using Botify.Shared.Data;
using Botify.Shared.Models;
using Botify.Train.Rollout;
using Microsoft.Extensions.Time.Testing;

namespace Botify.Train.Tests.Rollout;

/// <summary>What the command line turns into a roll-out: the bundle's version and path, the token, durations, the new bundle folder's name.</summary>
public sealed class RolloutSettingsTests
{
    private TempFolder _folder = null!;
    private string _bundle = null!;
    private string _version = null!;

    [SetUp]
    public void WriteBundle()
    {
        _folder = new TempFolder();
        _bundle = _folder.File("model-1");
        var model = RandomModelGenerator.Generate(tracks: 10, users: 2, dimension: 4, seed: 5);
        model.Save(_bundle);
        _version = model.Manifest.ModelVersion;
    }

    [TearDown]
    public void DeleteBundle() => _folder.Dispose();

    [Test]
    public void Resolve_VisibleBundle_ExpectsItsManifestVersionAndSendsItsFullPath()
    {
        var bundle = RolloutBundle.Resolve(Path.GetRelativePath(Environment.CurrentDirectory, _bundle), null, null, null);

        Assert.That(bundle, Is.EqualTo(new RolloutBundle(_bundle, _version)));
    }

    [Test]
    public void Resolve_ReloadPathOrRelativeTo_SendsThatPath()
    {
        Assert.That(RolloutBundle.Resolve(_bundle, "/models/model-1", null, null).ReloadPath, Is.EqualTo("/models/model-1"));
        Assert.That(RolloutBundle.Resolve(_bundle, null, ("--reload-relative-to", _folder.Path), null).ReloadPath, Is.EqualTo("model-1"));
    }

    [Test]
    public void Resolve_RelativeToAFolderTheBundleIsNotIn_ThrowsNamingTheOption()
    {
        var error = Assert.Throws<RolloutUsageException>(() => RolloutBundle.Resolve(_bundle, null, ("--rollout-relative-to", _folder.File("other")), null));

        Assert.That(error!.Message, Does.StartWith("--rollout-relative-to '").And.Contain("is not inside it"));
    }

    [Test]
    public void Resolve_BundleNotVisible_NeedsExpectVersion()
    {
        var hidden = _folder.File("elsewhere");

        var error = Assert.Throws<RolloutUsageException>(() => RolloutBundle.Resolve(hidden, null, null, null));

        Assert.That(error!.Message, Does.Contain("no manifest.json").And.Contain("--expect-version"));
        Assert.That(RolloutBundle.Resolve(hidden, "/models/m", null, "trained-abc"), Is.EqualTo(new RolloutBundle("/models/m", "trained-abc")));
    }

    [Test]
    public void Resolve_ExpectVersionDisagreesWithTheManifest_ThrowsNamingBoth()
    {
        var error = Assert.Throws<RolloutUsageException>(() => RolloutBundle.Resolve(_bundle, null, null, "trained-other"));

        Assert.That(error!.Message, Does.Contain("'trained-other'").And.Contain($"'{_version}'"));
    }

    [Test]
    public void Resolve_ManifestWithoutVersion_ThrowsNamingTheFile()
    {
        File.WriteAllText(Path.Combine(_bundle, ModelBundle.ManifestFile), "{\"formatVersion\": 1}");

        var error = Assert.Throws<DataFileException>(() => RolloutBundle.Resolve(_bundle, null, null, null));

        Assert.That(error!.FilePath, Is.EqualTo(Path.Combine(_bundle, ModelBundle.ManifestFile)));
    }

    [Test]
    public void ReadToken_File_IsTrimmedAndPreferredToTheEnvironment()
    {
        var file = _folder.File("token");
        File.WriteAllText(file, "secret-from-the-file-0123\n");

        Assert.That(AdminTokenSource.Read(file, "--token-file", _ => "from-the-environment"), Is.EqualTo("secret-from-the-file-0123"));
        Assert.That(AdminTokenSource.Read(null, "--token-file", name => name == "BOTIFY_INDEX_TOKEN" ? " from-the-environment " : null), Is.EqualTo("from-the-environment"));
        Assert.That(AdminTokenSource.Read(null, "--token-file", _ => "  "), Is.Null);
    }

    [Test]
    public void ReadToken_MissingOrEmptyFile_ThrowsNamingTheOptionAndFile()
    {
        var empty = _folder.File("empty");
        File.WriteAllText(empty, "\n");

        Assert.That(() => AdminTokenSource.Read(_folder.File("missing"), "--token-file", _ => null),
            Throws.TypeOf<RolloutUsageException>().With.Message.StartWith("--token-file '").And.Message.Contain("missing"));
        Assert.That(() => AdminTokenSource.Read(empty, "--rollout-token-file", _ => null),
            Throws.TypeOf<RolloutUsageException>().With.Message.EqualTo($"--rollout-token-file '{empty}': the file is empty"));
    }

    [TestCase("30s", 30_000)]
    [TestCase("500ms", 500)]
    [TestCase("2m", 120_000)]
    [TestCase("1h", 3_600_000)]
    [TestCase("1.5s", 1_500)]
    [TestCase("00:00:45", 45_000)]
    public void DurationTryParse_OperatorForms_Parse(string text, int milliseconds)
    {
        Assert.That(DurationOption.TryParse(text, out var value), Is.True);
        Assert.That(value, Is.EqualTo(TimeSpan.FromMilliseconds(milliseconds)));
    }

    [TestCase("30")]
    [TestCase("soon")]
    [TestCase("-1s")]
    [TestCase("1d")]
    public void DurationTryParse_Other_DoesNotParse(string text) => Assert.That(DurationOption.TryParse(text, out _), Is.False);

    [Test]
    public void BundleFolderName_IsTheUtcTimeInsideTheRoot()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2025, 3, 4, 7, 6, 7, TimeSpan.FromHours(2)));

        Assert.That(BundleFolderName.NewIn("/models", time), Is.EqualTo(Path.Combine("/models", "model-20250304-050607")));
    }
}
