using Botify.Protos.V1;
using Botify.Shared.Models;
using Grpc.Core;
using Microsoft.Extensions.Options;

namespace Botify.Index.Tests.Grpc;

/// <summary>With Index:AdminToken set, Reload needs it; searches never do.</summary>
[Category("Integration")]
[NonParallelizable]
public sealed class AdminTokenTests
{
    private const string Token = "s3cret-admin-token-for-tests";

    private TempFolder _folder = null!;
    private string _bundleA = null!;
    private string _bundleB = null!;

    [OneTimeSetUp]
    public void WriteBundles()
    {
        _folder = new TempFolder();
        _bundleA = Path.Combine(_folder.Path, "a");
        _bundleB = Path.Combine(_folder.Path, "b");
        RandomModelGenerator.Generate(tracks: 1_000, users: 10, dimension: 8, seed: 21).Save(_bundleA);
        RandomModelGenerator.Generate(tracks: 700, users: 10, dimension: 8, seed: 22).Save(_bundleB);
    }

    [OneTimeTearDown]
    public void DeleteBundles() => _folder.Dispose();

    [Test]
    public async Task Reload_TokenSet_MissingOrWrongTokenRefusedAndTheRightOneReloads()
    {
        await using var server = await IndexServer.StartAsync($"--Index:BundlePath={_bundleA}", $"--Index:AdminToken={Token}");
        var request = new ReloadRequest { BundlePath = _bundleB };

        var missing = Assert.ThrowsAsync<RpcException>(async () => await server.Client.ReloadAsync(request));
        var notBearer = Assert.ThrowsAsync<RpcException>(async () => await server.Client.ReloadAsync(request, Headers($"Basic {Token}")));
        var wrong = Assert.ThrowsAsync<RpcException>(async () => await server.Client.ReloadAsync(request, Headers("Bearer s3cret-admin-token-for-test")));
        var stillA = await server.Client.GetInfoAsync(new GetInfoRequest());
        var search = await server.Client.SearchAsync(new SearchRequest { ContextTrack = 1, K = 3 });
        var reloaded = await server.Client.ReloadAsync(request, Headers($"Bearer {Token}"));

        Assert.That(missing!.StatusCode, Is.EqualTo(StatusCode.Unauthenticated));
        Assert.That(missing.Status.Detail, Does.Contain("Reload").And.Contain("authorization: Bearer"));
        Assert.That(notBearer!.StatusCode, Is.EqualTo(StatusCode.Unauthenticated));
        Assert.That(wrong!.StatusCode, Is.EqualTo(StatusCode.PermissionDenied));
        Assert.That(wrong.Status.Detail, Does.Contain("Index:AdminToken").And.Not.Contain(Token));
        Assert.That(stillA.Tracks, Is.EqualTo(1_000), "the old model serves after every refused reload");
        Assert.That(search.Hits, Has.Count.EqualTo(3), "searches need no token");
        Assert.That(reloaded.Info.Tracks, Is.EqualTo(700));
    }

    [Test]
    public async Task Reload_NoTokenConfigured_NeedsNone()
    {
        await using var server = await IndexServer.StartAsync($"--Index:BundlePath={_bundleA}");

        var reloaded = await server.Client.ReloadAsync(new ReloadRequest { BundlePath = _bundleB });

        Assert.That(reloaded.Info.Tracks, Is.EqualTo(700));
    }

    [Test]
    public void Start_TokenTooShort_InvalidConfiguration()
    {
        var error = Assert.ThrowsAsync<OptionsValidationException>(async () => await IndexServer.StartAsync("--Index:AdminToken=short"));

        Assert.That(error!.Message, Does.Contain("AdminToken"));
    }

    private static Metadata Headers(string authorization) => new() { { "authorization", authorization } };
}
