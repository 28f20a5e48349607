namespace Botify.Benchmarks.EventStream;

/// <summary>One measured stage of the stream benchmark: events through it per second, and the CPU it cost this process and nats-server.</summary>
/// <param name="Stage">What ran: a raw publish, the API's sink, the reader, the training pipeline.</param>
/// <param name="Setting">How: publishers and batch size, or where the events came from.</param>
/// <param name="Events">Events through the stage.</param>
/// <param name="Seconds">Wall time of the stage.</param>
/// <param name="ProcessCpu">CPU this process used (every thread).</param>
/// <param name="ServerCpu">CPU nats-server used; zero for a stage that does not touch it.</param>
/// <param name="Load">One-minute load average when the stage ended.</param>
/// <param name="Note">What else to know: duplicates, drops, skipped messages.</param>
internal sealed record StreamRow(string Stage, string Setting, long Events, double Seconds, TimeSpan ProcessCpu, TimeSpan ServerCpu, double? Load, string Note = "")
{
    public double EventsPerSecond => Events / Seconds;

    public double ProcessCpuPerEvent => ProcessCpu.TotalMicroseconds / Math.Max(1, Events);

    public double ServerCpuPerEvent => ServerCpu.TotalMicroseconds / Math.Max(1, Events);
}
