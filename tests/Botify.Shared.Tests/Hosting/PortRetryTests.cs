using System.Net.Sockets;

namespace Botify.Shared.Tests.Hosting;

public sealed class PortRetryTests
{
    [Test]
    public async Task StartAsync_PortTakenOnce_StartsAgainAndReturnsTheServer()
    {
        var calls = 0;

        var server = await PortRetry.StartAsync(() => ++calls == 1
            ? Task.FromException<string>(new IOException("Failed to bind to address", new SocketException((int)SocketError.AddressAlreadyInUse)))
            : Task.FromResult("server"));

        Assert.That(server, Is.EqualTo("server"));
        Assert.That(calls, Is.EqualTo(2));
    }

    [Test]
    public void StartAsync_OtherFailure_IsNotRetried()
    {
        var calls = 0;

        Assert.ThrowsAsync<InvalidOperationException>(() => PortRetry.StartAsync<string>(() =>
        {
            calls++;
            throw new InvalidOperationException("the bundle is missing");
        }));
        Assert.That(calls, Is.EqualTo(1));
    }

    [Test]
    public void StartAsync_PortTakenEveryTime_GivesUpWithTheBindError()
    {
        var calls = 0;

        Assert.ThrowsAsync<SocketException>(() => PortRetry.StartAsync<string>(() =>
        {
            calls++;
            throw new SocketException((int)SocketError.AddressAlreadyInUse);
        }));
        Assert.That(calls, Is.EqualTo(5));
    }
}
