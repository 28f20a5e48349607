using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Botify.Shared.Events;
using Botify.Shared.Events.Stream;
using Botify.Shared.Hosting;
using NATS.Client.Core;
using NATS.Client.JetStream;

namespace Botify.Tests.Support;

/// <summary>
/// A throw-away <c>nats-server</c> with JetStream (<c>-js</c>) on a free loopback port, its store in a temporary
/// folder that survives <see cref="Kill"/> and <see cref="StartAgainAsync"/>. Tests are ignored, saying why, when
/// the binary is not on PATH.
/// </summary>
internal sealed class NatsServer : IDisposable
{
    private readonly TempFolder _store = new();
    private Process? _process;

    private readonly string? _config;

    private NatsServer(string binary, int port, string? config)
    {
        Binary = binary;
        Port = port;
        _config = config;
    }

    public string Binary { get; }

    public int Port { get; }

    public string Url => $"nats://127.0.0.1:{Port}";

    /// <summary>Beside the store folder, which JetStream owns.</summary>
    private string ConfigFile => _store.Path + ".conf";

    /// <summary>
    /// Picks a free port and starts the server, unless <paramref name="start"/> is false (a test of a server that comes
    /// later); <paramref name="config"/> is a configuration file's text (for example <c>max_payload: 4096</c>).
    /// </summary>
    public static async Task<NatsServer> CreateAsync(bool start = true, string? config = null)
    {
        var binary = OnPath.Find("nats-server");
        if (binary is null)
        {
            Assert.Ignore("nats-server is not on PATH (apt-get install nats-server; .ci/run installs it): the event-stream tests need a real JetStream server");
        }

        var server = new NatsServer(binary!, LoopbackPort.Free(), config);
        if (start)
        {
            await server.StartAgainAsync();
        }

        return server;
    }

    /// <summary>Starts the server (again) on the same port and store.</summary>
    public async Task StartAgainAsync()
    {
        var start = new ProcessStartInfo(Binary)
        {
            ArgumentList = { "-js", "-a", "127.0.0.1", "-p", Port.ToString(CultureInfo.InvariantCulture), "-sd", _store.Path },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (_config is not null)
        {
            await File.WriteAllTextAsync(ConfigFile, _config);
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add(ConfigFile);
        }

        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        for (var attempt = 0; attempt < 100; attempt++)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }

        _process.Kill();
        throw new InvalidOperationException($"nats-server on port {Port} did not accept connections within 5 s");
    }

    /// <summary>
    /// Publishes the events as the API's sink does (each on its listener's partition subject of the default layout, its
    /// id <c>test-{i}</c> as message id), making the stream first; <paramref name="resend"/> publishes that event once
    /// more under another message id, a copy the stream stores and a reader must skip.
    /// </summary>
    public async Task PublishAsync(IReadOnlyList<ListenerEvent> events, int? resend = null)
    {
        await using var connection = new NatsConnection(new NatsOpts { Url = Url });
        var js = new NatsJSContext(connection);
        var layout = new EventStreamLayout();
        await js.CreateOrUpdateStreamAsync(layout.Config(1, TimeSpan.FromDays(1), TimeSpan.FromMinutes(2)));
        var stamped = events.Select((item, i) => item with { Id = $"test-{i}" }).ToList();
        var sends = stamped.Select(item => (Event: item, MessageId: item.Id!)).ToList();
        if (resend is { } again)
        {
            sends.Add((stamped[again], "sent-again"));
        }

        foreach (var (item, messageId) in sends)
        {
            var ack = await js.PublishAsync(layout.SubjectOf(layout.PartitionOf(item.User)), EventJson.SerializeToUtf8Bytes(item), opts: new NatsJSPubOpts { MsgId = messageId });
            ack.EnsureSuccess();
        }
    }

    /// <summary>SIGKILL: no goodbye to its clients; what it acknowledged is on disk.</summary>
    public void Kill()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill();
            _process.WaitForExit(5000);
        }
    }

    public void Dispose()
    {
        Kill();
        _process?.Dispose();
        _store.Dispose();
        File.Delete(ConfigFile);
    }
}
