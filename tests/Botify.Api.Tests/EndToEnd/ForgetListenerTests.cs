using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Botify.Api.Memory;
using Botify.Api.Sessions;
using Botify.Api.Sources;
using Botify.Api.Tests.Sessions;
using Botify.Protos.V1;
using Botify.Shared.Hosting;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace Botify.Api.Tests.EndToEnd;

/// <summary>
/// <c>DELETE /admin/listeners/{user}</c> on a running API: refused without the admin token, and once accepted
/// nothing of the listener is left, in this process or in Redis.
/// </summary>
[Category("Integration")]
public sealed class ForgetListenerTests
{
    private const string Token = "s3cret-admin-token";
    private static readonly (int Track, float Time)[] Session = [(0, 1f), (50, 0.9f), (120, 0.8f), (130, 0.95f)];

    private TempFolder _folder = null!;
    private FakeIndex _index = null!;
    private string _catalog = null!;

    [OneTimeSetUp]
    public async Task StartIndex()
    {
        _folder = new TempFolder();
        _index = await FakeIndex.StartAsync();
        _catalog = TestCatalogs.Write(_folder, tracks: 200, tracksPerArtist: 10);
    }

    [OneTimeTearDown]
    public async Task StopIndex()
    {
        await _index.DisposeAsync();
        _folder.Dispose();
    }

    [Test]
    public async Task Delete_MemoryStore_RefusedWithoutTheTokenThenRemovesTheListenersMemoryAndSession()
    {
        using var apiFolder = new TempFolder();
        await using var api = await ApiServer.StartAsync(_catalog, _index.Address, apiFolder, [.. ListenerMemoryRestartTests.MemoryArm, $"--ListenerMemory:AdminToken={Token}"]);
        const int user = 5;
        await ListenerSessions.PlayAsync(api.Client, user, Session);
        await ListenerSessions.PlayAsync(api.Client, user + 1, Session);
        await api.Client.NextAsync(new NextRequest { User = user, Track = 70, Time = 1f });
        var memory = api.Services.GetRequiredService<IListenerMemory>();

        using var anonymous = await ForgetAsync(api, "5", token: null);
        using var wrong = await ForgetAsync(api, "5", token: "guess");
        var rememberedAfterRefusals = await memory.ReadAsync(user, default);
        using var accepted = await ForgetAsync(api, "5", Token);

        Assert.That(anonymous.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(anonymous.Headers.WwwAuthenticate.ToString(), Is.EqualTo("Bearer"));
        Assert.That(wrong.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(rememberedAfterRefusals, Has.Count.EqualTo(1), "a refused call forgets nothing");
        Assert.That(accepted.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        using var reply = JsonDocument.Parse(await accepted.Content.ReadAsStringAsync());
        Assert.That(reply.RootElement.GetProperty("user").GetInt32(), Is.EqualTo(user));
        Assert.That(reply.RootElement.GetProperty("rememberedSessions").GetInt32(), Is.EqualTo(1));
        Assert.That(reply.RootElement.GetProperty("openSession").GetBoolean(), Is.True, "the session opened on 70 was still there: the refused calls did not end it");

        Assert.That(await memory.ReadAsync(user, default), Is.Empty);
        Assert.That(await api.Services.GetRequiredService<ISessionStore>().EndAsync(user, default), Is.Null, "no session left to end");
        Assert.That(await memory.ForgottenAsync(default), Does.ContainKey(user));
        Assert.That(await memory.ReadAsync(user + 1, default), Has.Count.EqualTo(1), "another listener keeps theirs");
        Assert.That((await ListenerSessions.StartAsync(api.Client, user, track: 0)).Source, Is.EqualTo("session"), "the memory arm no longer recalls them");
        Assert.That((await ListenerSessions.StartAsync(api.Client, user + 1, track: 0)).Source, Is.EqualTo(MemorySource.RecalledName));
    }

    [Test]
    public async Task Delete_BadListenerId_BadRequestAfterTheTokenCheck()
    {
        using var apiFolder = new TempFolder();
        await using var api = await ApiServer.StartAsync(_catalog, _index.Address, apiFolder, [.. ListenerMemoryRestartTests.MemoryArm, $"--ListenerMemory:AdminToken={Token}"]);

        using var anonymous = await ForgetAsync(api, "-1", token: null);
        using var negative = await ForgetAsync(api, "-1", Token);
        using var word = await ForgetAsync(api, "alice", Token);

        Assert.That(anonymous.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), "nothing is said of the id before the caller is known");
        Assert.That(negative.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(word.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await word.Content.ReadAsStringAsync(), Does.Contain("alice"));
    }

    [Test]
    public async Task Delete_NoAdminTokenConfigured_NotFoundAndNothingForgotten()
    {
        using var apiFolder = new TempFolder();
        await using var api = await ApiServer.StartAsync(_catalog, _index.Address, apiFolder, ListenerMemoryRestartTests.MemoryArm);
        await ListenerSessions.PlayAsync(api.Client, 5, Session);

        using var withAnyToken = await ForgetAsync(api, "5", Token);

        Assert.That(withAnyToken.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(await api.Services.GetRequiredService<IListenerMemory>().ReadAsync(5, default), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Delete_RedisStore_LeavesNoKeyOfTheListener()
    {
        using var redis = await RedisServer.StartAsync();
        using var apiFolder = new TempFolder();
        await using var api = await ApiServer.StartAsync(_catalog, _index.Address, apiFolder,
        [
            .. ListenerMemoryRestartTests.MemoryArm,
            $"--ListenerMemory:AdminToken={Token}",
            "--ListenerMemory:RedisKeyPrefix=fg:memory:",
            "--Sessions:Store=Redis",
            $"--Sessions:RedisConfiguration={redis.Configuration}",
            "--Sessions:RedisKeyPrefix=fg:session:",
            "--Sessions:RedisOperationTimeout=00:00:02",
        ]);
        foreach (var user in new[] { 5, 6 })
        {
            await ListenerSessions.PlayAsync(api.Client, user, Session);
            await api.Client.NextAsync(new NextRequest { User = user, Track = 70, Time = 1f });
        }

        using var raw = await ConnectionMultiplexer.ConnectAsync(redis.Configuration);
        var keysBefore = await Keys(raw);
        using var anonymous = await ForgetAsync(api, "5", token: null);
        using var wrong = await ForgetAsync(api, "5", token: "guess");
        var keysAfterRefusals = await Keys(raw);
        using var accepted = await ForgetAsync(api, "5", Token);
        var keysAfter = await Keys(raw);

        string[] listenersKeys = ["fg:memory:5", "fg:session:5"];
        Assert.That(keysBefore, Is.SupersetOf(listenersKeys), "the listener had a memory and an open session");
        Assert.That((anonymous.StatusCode, wrong.StatusCode), Is.EqualTo((HttpStatusCode.Unauthorized, HttpStatusCode.Forbidden)));
        Assert.That(keysAfterRefusals, Is.EquivalentTo(keysBefore));
        Assert.That(accepted.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(keysAfter.Where(k => k.EndsWith(":5", StringComparison.Ordinal)), Is.Empty, "no key of listener 5 under either prefix");
        Assert.That(keysAfter, Is.SupersetOf(new[] { "fg:memory:6", "fg:session:6", "fg:memory:forgotten" }));
        Assert.That((long)await raw.GetDatabase().HashGetAsync("fg:memory:forgotten", 5), Is.GreaterThan(0));
        Assert.That(await api.Services.GetRequiredService<IListenerMemory>().ReadAsync(5, default), Is.Empty);
    }

    [Test]
    public async Task Delete_RedisUnreachable_ServiceUnavailable()
    {
        using var apiFolder = new TempFolder();
        await using var api = await ApiServer.StartAsync(_catalog, _index.Address, apiFolder,
        [
            .. ListenerMemoryRestartTests.MemoryArm,
            $"--ListenerMemory:AdminToken={Token}",
            "--Sessions:Store=Redis",
            string.Create(CultureInfo.InvariantCulture, $"--Sessions:RedisConfiguration=127.0.0.1:{LoopbackPort.Free()}"),
        ]);

        using var refused = await ForgetAsync(api, "5", Token);

        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable), "the caller must retry: nothing may look forgotten that is not");
        Assert.That(await refused.Content.ReadAsStringAsync(), Does.Contain("retry"));
    }

    internal static async Task<HttpResponseMessage> ForgetAsync(ApiServer api, string user, string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Delete, $"/admin/listeners/{user}");
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await api.Http.SendAsync(request);
    }

    private static async Task<string[]> Keys(ConnectionMultiplexer raw)
    {
        var keys = new List<string>();
        await foreach (var key in raw.GetServers()[0].KeysAsync(pattern: "fg:*"))
        {
            keys.Add(key.ToString());
        }

        return [.. keys.Order(StringComparer.Ordinal)];
    }
}
