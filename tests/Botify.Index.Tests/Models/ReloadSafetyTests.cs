using System.Diagnostics;
using Botify.Index.Mips;
using Botify.Index.Tests.Grpc;
using Botify.Protos.V1;
using Botify.Shared.Models;
using Grpc.Core;

namespace Botify.Index.Tests.Models;

/// <summary>
/// What a Reload may open. Bundles live under a model root; every refused reload leaves the
/// first model serving.
/// </summary>
[Category("Integration")]
[NonParallelizable]
public sealed class ReloadSafetyTests
{
    private TempFolder _folder = null!;
    private string _root = null!;
    private string _outside = null!;
    private string _versionA = null!;

    [OneTimeSetUp]
    public void WriteBundles()
    {
        _folder = new TempFolder();
        _root = Path.Combine(_folder.Path, "models");
        _outside = Path.Combine(_folder.Path, "elsewhere");
        var a = RandomModelGenerator.Generate(tracks: 1_000, users: 10, dimension: 8, seed: 11);
        _versionA = a.Manifest.ModelVersion;
        a.Save(Path.Combine(_root, "a"));
        RandomModelGenerator.Generate(tracks: 800, users: 10, dimension: 8, seed: 12).Save(Path.Combine(_root, "b"));
        RandomModelGenerator.Generate(tracks: 600, users: 10, dimension: 8, seed: 13).Save(_outside);
    }

    [OneTimeTearDown]
    public void DeleteBundles() => _folder.Dispose();

    /// <summary>Regression: a FIFO as context.npy blocked the reload in open() while it held the lock, wedging every later Reload.</summary>
    [Test]
    public async Task Reload_FifoAsContextFile_RefusedAtOnceAndALaterReloadWorks()
    {
        Assume.That(OperatingSystem.IsLinux(), "mkfifo");
        var fifoBundle = Path.Combine(_folder.Path, "fifo");
        RandomModelGenerator.Generate(100, 5, 8, seed: 14).Save(fifoBundle);
        File.Delete(Path.Combine(fifoBundle, ModelBundle.ContextFile));
        MakeFifo(Path.Combine(fifoBundle, ModelBundle.ContextFile));
        // No model root: any path, but still only regular files.
        await using var server = await IndexServer.StartAsync($"--Index:BundlePath={Path.Combine(_root, "a")}");

        var error = Assert.ThrowsAsync<RpcException>(async () => await server.Client.ReloadAsync(new ReloadRequest { BundlePath = fifoBundle }, deadline: DateTime.UtcNow.AddSeconds(30)));
        await AssertServingAAsync(server);
        var later = await server.Client.ReloadAsync(new ReloadRequest { BundlePath = Path.Combine(_root, "b") }, deadline: DateTime.UtcNow.AddSeconds(60));

        Assert.That(error!.StatusCode, Is.EqualTo(StatusCode.FailedPrecondition));
        Assert.That(error.Status.Detail, Does.Contain(ModelBundle.ContextFile).And.Contain("FIFO"));
        Assert.That(later.Info.Tracks, Is.EqualTo(800));
    }

    [Test]
    public async Task Reload_DirectoryWhereAFileBelongs_RefusedNamingIt()
    {
        var bundle = Path.Combine(_root, "folder-as-file");
        RandomModelGenerator.Generate(100, 5, 8, seed: 15).Save(bundle);
        File.Delete(Path.Combine(bundle, ModelBundle.UsersFile));
        Directory.CreateDirectory(Path.Combine(bundle, ModelBundle.UsersFile));
        await using var server = await StartUnderRootAsync();

        var error = Assert.ThrowsAsync<RpcException>(async () => await server.Client.ReloadAsync(new ReloadRequest { BundlePath = "folder-as-file" }));

        Assert.That(error!.StatusCode, Is.EqualTo(StatusCode.FailedPrecondition));
        Assert.That(error.Status.Detail, Does.Contain($"folder-as-file/{ModelBundle.UsersFile}").And.Contain("not a regular file"));
        await AssertServingAAsync(server);
    }

    [Test]
    public async Task Reload_DotDotOutOfTheModelRoot_RefusedAlikeWhetherOrNotThePathExists()
    {
        await using var server = await StartUnderRootAsync();

        var existing = Assert.ThrowsAsync<RpcException>(async () => await server.Client.ReloadAsync(new ReloadRequest { BundlePath = "../elsewhere" }));
        var missing = Assert.ThrowsAsync<RpcException>(async () => await server.Client.ReloadAsync(new ReloadRequest { BundlePath = "../nowhere" }));
        var absolute = Assert.ThrowsAsync<RpcException>(async () => await server.Client.ReloadAsync(new ReloadRequest { BundlePath = _outside }));
        var throughInside = Assert.ThrowsAsync<RpcException>(async () => await server.Client.ReloadAsync(new ReloadRequest { BundlePath = "a/../../elsewhere" }));

        foreach (var error in new[] { existing, missing, absolute, throughInside })
        {
            Assert.That(error!.StatusCode, Is.EqualTo(StatusCode.FailedPrecondition));
            Assert.That(error.Status.Detail, Does.Contain("not inside Index:ModelRoot"));
        }

        Assert.That(existing!.Status.Detail.Replace("elsewhere", "X", StringComparison.Ordinal), Is.EqualTo(missing!.Status.Detail.Replace("nowhere", "X", StringComparison.Ordinal)), "the answer does not tell whether the outside path exists");
        await AssertServingAAsync(server);
    }

    [Test]
    public async Task Reload_SymbolicLinkLeavingTheModelRoot_RefusedNamingTheLinkRelativeToTheRoot()
    {
        var folderLink = Path.Combine(_root, "escape");
        var fileLinks = Path.Combine(_root, "file-escape");
        Directory.CreateSymbolicLink(folderLink, _outside);
        RandomModelGenerator.Generate(600, 10, 8, seed: 13).Save(fileLinks);
        File.Delete(Path.Combine(fileLinks, ModelBundle.TracksFile));
        File.CreateSymbolicLink(Path.Combine(fileLinks, ModelBundle.TracksFile), "../../elsewhere/" + ModelBundle.TracksFile);
        await using var server = await StartUnderRootAsync();

        var throughFolder = Assert.ThrowsAsync<RpcException>(async () => await server.Client.ReloadAsync(new ReloadRequest { BundlePath = "escape" }));
        var throughFile = Assert.ThrowsAsync<RpcException>(async () => await server.Client.ReloadAsync(new ReloadRequest { BundlePath = "file-escape" }));

        Assert.That(throughFolder!.StatusCode, Is.EqualTo(StatusCode.FailedPrecondition));
        Assert.That(throughFolder.Status.Detail, Does.Contain("escape: a symbolic link that leads outside Index:ModelRoot"));
        Assert.That(throughFile!.StatusCode, Is.EqualTo(StatusCode.FailedPrecondition));
        Assert.That(throughFile.Status.Detail, Does.Contain($"file-escape/{ModelBundle.TracksFile}: a symbolic link that leads outside"));
        Assert.That(throughFolder.Status.Detail + throughFile.Status.Detail, Does.Not.Contain(_folder.Path), "paths are named relative to the root");
        await AssertServingAAsync(server);
    }

    [Test]
    public async Task Reload_LinkInsideTheModelRoot_LoadsAndSavesTheGraphInTheRealFolder()
    {
        var current = Path.Combine(_root, "current");
        Directory.CreateSymbolicLink(current, "b");
        // A graph file that is a link to a file outside the root: never followed, neither read nor written through.
        var planted = Path.Combine(_folder.Path, "planted.hnsw");
        File.WriteAllText(planted, "outside");
        File.Delete(Path.Combine(_root, "b", InnerProductIndex.GraphFileName));
        File.CreateSymbolicLink(Path.Combine(_root, "b", InnerProductIndex.GraphFileName), planted);
        await using var server = await StartUnderRootAsync("--Index:SaveGraph=true");

        var reply = await server.Client.ReloadAsync(new ReloadRequest { BundlePath = "current" });

        Assert.That(reply.Info.Tracks, Is.EqualTo(800));
        Assert.That(reply.Info.GraphFromFile, Is.False);
        Assert.That(File.ReadAllText(planted), Is.EqualTo("outside"));
        var saved = new FileInfo(Path.Combine(_root, "b", InnerProductIndex.GraphFileName));
        Assert.That(saved.LinkTarget, Is.Null, "the link was replaced by the saved graph");
        Assert.That(saved.Length, Is.GreaterThan(1_000));
        File.Delete(current);
    }

    [Test]
    public async Task Reload_CorruptBundleUnderTheModelRoot_NamesTheFileRelativeToTheRoot()
    {
        var corrupt = Path.Combine(_root, "corrupt");
        RandomModelGenerator.Generate(100, 5, 8, seed: 16).Save(corrupt);
        File.WriteAllBytes(Path.Combine(corrupt, ModelBundle.TracksFile), [1, 2, 3]);
        await using var server = await StartUnderRootAsync();

        var error = Assert.ThrowsAsync<RpcException>(async () => await server.Client.ReloadAsync(new ReloadRequest { BundlePath = Path.Combine(_root, "corrupt") }));
        var missing = Assert.ThrowsAsync<RpcException>(async () => await server.Client.ReloadAsync(new ReloadRequest { BundlePath = "gone" }));

        Assert.That(error!.Status.Detail, Does.Contain($"corrupt/{ModelBundle.TracksFile}: not a .npy file").And.Not.Contain(_root));
        Assert.That(missing!.Status.Detail, Does.Contain("gone: not found"));
        await AssertServingAAsync(server);
    }

    private Task<IndexServer> StartUnderRootAsync(params string[] settings) =>
        IndexServer.StartAsync([$"--Index:ModelRoot={_root}", "--Index:BundlePath=a", "--Index:SaveGraph=false", .. settings]);

    private async Task AssertServingAAsync(IndexServer server)
    {
        var info = await server.Client.GetInfoAsync(new GetInfoRequest());
        var search = await server.Client.SearchAsync(new SearchRequest { ContextTrack = 1, K = 3 });
        Assert.That(info.ModelVersion, Is.EqualTo(_versionA), "the first model keeps serving");
        Assert.That(search.Hits, Has.Count.EqualTo(3));
    }

    private static void MakeFifo(string path)
    {
        using var mkfifo = Process.Start("mkfifo", [path]);
        mkfifo.WaitForExit();
        Assert.That(mkfifo.ExitCode, Is.Zero, "mkfifo");
    }
}
