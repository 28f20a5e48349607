using Botify.Api.Memory;
using Botify.Api.Sessions;
using Botify.Shared.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Botify.Api.Tests.Memory;

/// <summary>Redis out of reach (a closed loopback port): a listener's call goes on without memory, counted; a forget fails loudly.</summary>
public sealed class ResilientListenerMemoryTests
{
    private RedisSessionStore _store = null!;
    private TestMeterFactory _meters = null!;
    private ResilientListenerMemory _memory = null!;

    [SetUp]
    public void PointAtAClosedPort()
    {
        var options = new SessionStoreOptions
        {
            Store = SessionStoreKind.Redis,
            RedisConfiguration = FormattableString.Invariant($"127.0.0.1:{LoopbackPort.Free()}"),
            RedisKeyPrefix = "closed:session:",
            RedisOperationTimeout = TimeSpan.FromMilliseconds(200),
            RedisConnectTimeout = TimeSpan.FromMilliseconds(100),
        };
        _store = new RedisSessionStore(Options.Create(options), TimeProvider.System, NullLogger<RedisSessionStore>.Instance);
        _meters = new TestMeterFactory();
        var redis = RedisListenerMemoryTests.Memory(_store, "closed", new ListenerMemoryOptions());
        _memory = new ResilientListenerMemory(redis, _meters, TimeProvider.System, NullLogger<ResilientListenerMemory>.Instance);
    }

    [TearDown]
    public void Dispose()
    {
        _store.Dispose();
        _meters.Dispose();
    }

    [Test]
    public async Task ReadAsync_RedisUnreachable_AnswersNoMemoryAndCountsARead()
    {
        var read = await _memory.ReadAsync(1, default);
        var again = await _memory.ReadAsync(2, default);

        Assert.That(read, Is.Empty);
        Assert.That(again, Is.Empty);
        Assert.That(_memory.Count("read"), Is.EqualTo(2));
        Assert.That(_memory.Count("append"), Is.Zero);
    }

    [Test]
    public async Task AppendAsync_RedisUnreachable_DropsTheSessionAndCountsAnAppend()
    {
        await _memory.AppendAsync(1, new PastSession(1, [1, 2], [1f, 1f]), default);

        Assert.That(_memory.Count("append"), Is.EqualTo(1));
    }

    [Test]
    public void ForgetAsync_RedisUnreachable_Throws() =>
        Assert.That(async () => await _memory.ForgetAsync(1, 1, default), Throws.InstanceOf<TimeoutException>().Or.InstanceOf<RedisException>(), "a forget that did not happen must not look done");
}
