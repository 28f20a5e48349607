using Botify.Shared.Models;

namespace Botify.Train.Tests.Rollout;

/// <summary>Seeded bundles for the roll-out tests: the model the replicas serve, the one rolled out, and a broken one.</summary>
internal sealed class RolloutBundles : IDisposable
{
    private readonly TempFolder _folder = new();

    public RolloutBundles()
    {
        Old = Write("old", seed: 1);
        New = Write("new", seed: 2);
        Broken = Write("broken", seed: 3);
        // A valid manifest over a table that is not a .npy file: only the index, reading the tables, can tell.
        File.WriteAllText(Path.Combine(Broken, ModelBundle.TracksFile), "not a numpy file");
        OldVersion = Version(Old);
        NewVersion = Version(New);
        BrokenVersion = Version(Broken);
    }

    public string Old { get; }

    public string New { get; }

    public string Broken { get; }

    public string OldVersion { get; }

    public string NewVersion { get; }

    public string BrokenVersion { get; }

    public string Root => _folder.Path;

    public void Dispose() => _folder.Dispose();

    private string Write(string name, int seed)
    {
        var path = _folder.File(name);
        RandomModelGenerator.Generate(tracks: 300, users: 20, dimension: 8, seed).Save(path);
        return path;
    }

    private static string Version(string bundle) =>
        System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(bundle, ModelBundle.ManifestFile))).RootElement.GetProperty("modelVersion").GetString()!;
}
