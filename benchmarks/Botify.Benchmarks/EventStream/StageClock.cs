using System.Diagnostics;
using Botify.Benchmarks.IndexComparison.Reporting;

namespace Botify.Benchmarks.EventStream;

/// <summary>Wall time and the CPU of this process and of nats-server from <see cref="Start"/> to <see cref="Stop"/>.</summary>
internal sealed class StageClock
{
    private readonly LocalNatsServer _nats;
    private readonly Stopwatch _wall = Stopwatch.StartNew();
    private readonly TimeSpan _process = ProcessCpu();
    private readonly TimeSpan _server;

    private StageClock(LocalNatsServer nats)
    {
        _nats = nats;
        _server = nats.Cpu;
    }

    public static StageClock Start(LocalNatsServer nats) => new(nats);

    public StreamRow Stop(string stage, string setting, long events, string note = "", bool touchesServer = true)
    {
        var seconds = _wall.Elapsed.TotalSeconds;
        var process = ProcessCpu() - _process;
        var server = touchesServer ? _nats.Cpu - _server : TimeSpan.Zero;
        return new StreamRow(stage, setting, events, seconds, process, server, MachineInfo.LoadAverage(), note);
    }

    private static TimeSpan ProcessCpu()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }
}
