namespace Botify.Benchmarks.Faults;

/// <summary>How a probe came out against its target.</summary>
internal enum ProbeVerdict
{
    Met,
    Missed,
    Skipped,

    /// <summary>The probe could not run to the end (a service would not start); its numbers are partial.</summary>
    Error,
}
