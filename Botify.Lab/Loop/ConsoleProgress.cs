using System.Diagnostics;
using System.Globalization;
using Spectre.Console;

namespace Botify.Lab.Loop;

/// <summary>Shows each stage of the main job with its duration; stages with a known size get a progress bar.</summary>
internal sealed class ConsoleProgress : ILabProgress
{
    public T Stage<T>(string name, Func<T> work)
    {
        var stopwatch = Stopwatch.StartNew();
        var result = AnsiConsole.Status().Start(name + " ...", _ => work());
        Done(name, stopwatch.Elapsed);
        return result;
    }

    public async Task<T> StageAsync<T>(string name, Func<Task<T>> work)
    {
        var stopwatch = Stopwatch.StartNew();
        var result = await AnsiConsole.Status().StartAsync(name + " ...", _ => work()).ConfigureAwait(false);
        Done(name, stopwatch.Elapsed);
        return result;
    }

    public async Task<T> StageAsync<T>(string name, int total, Func<IProgress<int>, Task<T>> work)
    {
        var stopwatch = Stopwatch.StartNew();
        T result = default!;
        await AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask(name, maxValue: Math.Max(1, total));
                result = await work(new Progress<int>(done => task.Value = done)).ConfigureAwait(false);
                task.Value = task.MaxValue;
            }).ConfigureAwait(false);
        Done(name, stopwatch.Elapsed);
        return result;
    }

    private static void Done(string name, TimeSpan elapsed) =>
        AnsiConsole.MarkupLine(string.Create(CultureInfo.InvariantCulture, $"[green]✓[/] {Markup.Escape(name)} [grey]({elapsed.TotalSeconds:F1} s)[/]"));
}
