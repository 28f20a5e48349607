namespace Botify.Benchmarks.Faults.Probes;

/// <summary>
/// SIGTERM of an API under load, its own event log folder: every call it answered must be in the log once it
/// has stopped. The load keeps sending until the process is gone, as clients do before they learn of the stop.
/// </summary>
internal static class ApiTerminateProbe
{
    public const string Name = "api-sigterm";
    public const string Target = "events written = calls answered";

    public static async Task<ProbeResult> RunAsync(ServiceStack stack, IndexEndpoints index, FaultSuiteOptions options)
    {
        var api = await stack.StartApiAsync("api-sigterm", index).ConfigureAwait(false);
        await using var load = new SteadyLoad(api.GrpcUrl, options.Rate, stack.Tracks, ServiceStack.Listeners, options.Seed + 3);
        load.Start();
        await IndexKillProbe.Delay(options.ProbeSeconds / 2.0).ConfigureAwait(false);

        var terminated = FaultClock.Now;
        api.Process.Terminate();
        var exited = await api.Process.WaitForExitAsync(TimeSpan.FromSeconds(60)).ConfigureAwait(false);
        var stopped = FaultClock.Now;
        await IndexKillProbe.Delay(0.5).ConfigureAwait(false);
        var records = await load.StopAsync().ConfigureAwait(false);

        var answered = records.LongCount(record => record.Answered);
        var written = CountEvents(api.EventFolder);
        var lost = answered - written;
        var notes = new List<string>();
        if (!exited)
        {
            notes.Add("the API had not exited 60 s after SIGTERM");
        }
        else if (api.Process.ExitCode != 0)
        {
            notes.Add($"exit code {api.Process.ExitCode}");
        }

        if (lost < 0)
        {
            notes.Add($"{-lost} events written for calls whose reply never arrived");
        }

        // Calls refused after the stop began are expected (the server is going away); they are not failures of this probe.
        var failures = LoadWindow.FailuresByStatus(records.Where(record => record.Started < terminated));
        return new ProbeResult(Name, records.Count, failures, null, null, lost, Target,
            exited && lost <= 0 ? ProbeVerdict.Met : ProbeVerdict.Missed, notes.Count == 0 ? null : string.Join("; ", notes),
            new Dictionary<string, double>
            {
                ["calls_answered"] = answered,
                ["events_written"] = written,
                ["stop_seconds"] = stopped - terminated,
                ["calls_refused_after_sigterm"] = records.LongCount(record => record.Started >= terminated && !record.Answered),
                ["exit_code"] = exited ? api.Process.ExitCode : double.NaN,
            });
    }

    private static long CountEvents(string folder) =>
        Directory.Exists(folder)
            ? Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Sum(file => File.ReadLines(file).LongCount(line => !string.IsNullOrWhiteSpace(line)))
            : 0;
}
