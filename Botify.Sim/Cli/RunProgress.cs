using Spectre.Console;

namespace Botify.Sim.Cli;

/// <summary>A Spectre progress bar over finished sessions, shown only on an interactive console.</summary>
internal static class RunProgress
{
    public static async Task<T> TrackAsync<T>(IAnsiConsole console, bool show, string description, int total, Func<IProgress<int>?, Task<T>> work)
    {
        if (!show || !console.Profile.Capabilities.Interactive)
        {
            return await work(null).ConfigureAwait(false);
        }

        return await console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask(Markup.Escape(description), maxValue: Math.Max(1, total));
                var result = await work(new Reporter(task)).ConfigureAwait(false);
                task.Value = task.MaxValue;
                return result;
            }).ConfigureAwait(false);
    }

    // Progress<T> would post to a synchronization context; the task's value is safe to set from any thread.
    private sealed class Reporter(ProgressTask task) : IProgress<int>
    {
        public void Report(int value) => task.Value = value;
    }
}
