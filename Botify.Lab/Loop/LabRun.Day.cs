using System.Globalization;
using Botify.Sim.Remote;
using Botify.Sim.Worlds;

namespace Botify.Lab.Loop;

public sealed partial class LabRun
{
    /// <summary>
    /// One day: starts the API with the day's arms on <paramref name="index"/>, warms it (A/B days:
    /// <paramref name="warmUp"/>), plays the day's sessions against it into <paramref name="log"/> and
    /// stops it, which flushes the log. A replay on the truth index passes the same day with its own log.
    /// </summary>
    private async Task<(DayResult Traffic, WarmUpResult? WarmUp)> RunDayAsync(int day, string folder, World world, string catalogPath, Uri index, string log, string experiment,
        IReadOnlyList<Arm> arms, int episodes, ServiceWarmUp? warmUp, CancellationToken cancellationToken)
    {
        var seed = DaySeed(day);
        var settings = new List<string>
        {
            $"--Api:CatalogPath={catalogPath}",
            string.Create(CultureInfo.InvariantCulture, $"--Api:RandomSeed={seed}"),
            $"--Index:Address={index}",
            $"--EventLog:Folder={log}",
            $"--Experiment:Name={experiment}",
        };
        // The API starts empty each day, as a new replica would: its listener memory is rebuilt from the days before.
        for (var before = 1; before < day; before++)
        {
            settings.Add(string.Create(CultureInfo.InvariantCulture, $"--ListenerMemory:RebuildFrom:{before - 1}={DayLog(folder, before)}"));
        }

        for (var i = 0; i < arms.Count; i++)
        {
            foreach (var (key, value) in arms[i].Settings)
            {
                settings.Add(string.Create(CultureInfo.InvariantCulture, $"--Experiment:Treatments:{i}:{key}={value}"));
            }
        }

        await using var api = await LocalService.StartApiAsync(settings, cancellationToken).ConfigureAwait(false);
        WarmUpResult? warm = null;
        if (warmUp is not null)
        {
            // Judge the model arms whose query the warm-up listeners (outside the model) can make.
            var judged = arms.Where(a => a.IsModel && !a.UsesListenerVector).Select(a => a.Name).ToHashSet(StringComparer.Ordinal);
            warm = await progress.StageAsync(Invariant($"day {day}: warm up API"),
                () => warmUp.WarmApiAsync(api.GrpcAddress, world.Listeners.Count, judged, cancellationToken)).ConfigureAwait(false);
        }

        var stage = log != DayLog(folder, day) ? Invariant($"day {day}: {string.Join(", ", arms.Select(a => a.Name))} replayed on the true vectors")
            : day == 1 ? "day 1 (cold start)" : Invariant($"day {day} (A/B)");
        RemoteRunResult result;
        using (var driver = new RemoteDriver(world, new RemoteDriverOptions { Target = api.GrpcAddress, Seed = seed, Concurrency = options.Concurrency }))
        {
            result = await progress.StageAsync(stage, episodes, p => driver.RunAsync(episodes, p, cancellationToken)).ConfigureAwait(false);
        }

        await api.StopAsync().ConfigureAwait(false);
        return (new DayResult(episodes, result.Sessions.Sum(s => s.Errors), result.Elapsed, result.Latency), warm);
    }
}
