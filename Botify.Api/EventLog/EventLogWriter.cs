using System.Buffers;
using System.Globalization;
using System.Text.Json;
using System.Threading.Channels;
using Botify.Shared.Events;
using Microsoft.Extensions.Options;

namespace Botify.Api.EventLog;

/// <summary>
/// Writes events as JSON lines from one background task. Requests hand events over through a
/// bounded channel: when the disk falls behind, requests wait instead of memory growing. The writer
/// wakes for the first event of a quiet spell and writes out everything that came within
/// <see cref="GatherDelay"/> of it in one go. Files rotate by size; on a graceful stop (the server has already drained its requests) the queue is
/// written out and flushed before the host exits.
/// </summary>
internal sealed class EventLogWriter : IEventSink, IHostedService, IDisposable
{
    /// <summary>How long the writer lets events gather after it wakes, before it flushes them; an event reaches the file within about this long.</summary>
    internal static readonly TimeSpan GatherDelay = TimeSpan.FromMilliseconds(2);

    private readonly EventLogOptions _options;
    private readonly ILogger<EventLogWriter> _logger;
    private readonly Channel<ListenerEvent> _channel;
    private readonly ArrayBufferWriter<byte> _line = new(512);
    private readonly Utf8JsonWriter _json;
    private Task _pump = Task.CompletedTask;
    private FileStream? _file;
    private long _fileBytes;
    private int _nextSequence;
    private long _accepted;
    private long _written;
    private int _files;

    public EventLogWriter(IOptions<EventLogOptions> options, ILogger<EventLogWriter> logger)
    {
        _options = options.Value;
        _logger = logger;
        _channel = Channel.CreateBounded<ListenerEvent>(new BoundedChannelOptions(_options.Capacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
        });
        _json = new Utf8JsonWriter(_line);
    }

    public long Accepted => Interlocked.Read(ref _accepted);

    public long Written => Interlocked.Read(ref _written);

    public int Queued => _channel.Reader.CanCount ? _channel.Reader.Count : 0;

    public int Files => Volatile.Read(ref _files);

    /// <summary>Always 0: a full queue makes requests wait instead (back-pressure).</summary>
    public long Dropped => 0;

    /// <summary>Queues an event; waits while the queue is full. Throws <see cref="ChannelClosedException"/> once the log is stopped.</summary>
    public async ValueTask AppendAsync(ListenerEvent item, CancellationToken cancellationToken)
    {
        if (!_options.Enabled)
        {
            return;
        }

        if (!_channel.Writer.TryWrite(item))
        {
            await _channel.Writer.WriteAsync(item, cancellationToken).ConfigureAwait(false);
        }

        Interlocked.Increment(ref _accepted);
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (_options.Enabled)
        {
            Directory.CreateDirectory(_options.Folder);
            _nextSequence = NextSequence();
            _pump = Task.Factory.StartNew(Pump, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();
        }

        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _channel.Writer.TryComplete();
        // Not bounded by the host's token: every accepted event must reach the disk.
        await _pump.ConfigureAwait(false);
    }

    public void Dispose()
    {
        _channel.Writer.TryComplete();
        _json.Dispose();
        _file?.Dispose();
    }

    private async Task Pump()
    {
        var reader = _channel.Reader;
        try
        {
            while (await reader.WaitToReadAsync().ConfigureAwait(false))
            {
                Drain(reader);
                // Let the next events gather for a moment before handing the lot to the OS: woken and flushing
                // for every event, a busy service would pay a thread hop and a write() per call.
                await Task.Delay(GatherDelay).ConfigureAwait(false);
                Drain(reader);
                _file?.Flush();
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            ApiLog.EventLogFailed(_logger, e);
            throw;
        }
        finally
        {
            if (_file is not null)
            {
                await _file.FlushAsync().ConfigureAwait(false);
                await _file.DisposeAsync().ConfigureAwait(false);
                _file = null;
            }

            ApiLog.EventLogClosed(_logger, Written);
        }
    }

    private void Drain(ChannelReader<ListenerEvent> reader)
    {
        while (reader.TryRead(out var item))
        {
            Write(item);
        }
    }

    private void Write(ListenerEvent item)
    {
        _line.ResetWrittenCount();
        _json.Reset(_line);
        EventJson.Write(_json, item);
        _json.Flush();
        _line.GetSpan(1)[0] = (byte)'\n';
        _line.Advance(1);
        if (_file is null || (_fileBytes > 0 && _fileBytes + _line.WrittenCount > _options.MaxFileBytes))
        {
            Rotate();
        }

        _file!.Write(_line.WrittenSpan);
        _fileBytes += _line.WrittenCount;
        Interlocked.Increment(ref _written);
    }

    private void Rotate()
    {
        if (_file is not null)
        {
            _file.Flush();
            _file.Dispose();
        }

        var path = Path.Combine(_options.Folder, string.Create(CultureInfo.InvariantCulture, $"{_options.FilePrefix}-{_nextSequence++:D6}.jsonl"));
        _file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read, bufferSize: 1 << 16);
        _fileBytes = 0;
        Interlocked.Increment(ref _files);
        ApiLog.EventFileOpened(_logger, path);
    }

    /// <summary>One past the highest file number already in the folder, so a restart never appends to an old file.</summary>
    private int NextSequence()
    {
        var highest = 0;
        var prefix = _options.FilePrefix + "-";
        foreach (var file in Directory.EnumerateFiles(_options.Folder, prefix + "*.jsonl"))
        {
            var name = Path.GetFileNameWithoutExtension(file);
            if (int.TryParse(name.AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var number))
            {
                highest = Math.Max(highest, number);
            }
        }

        return highest + 1;
    }
}
