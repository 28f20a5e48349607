using System.CommandLine;
using Botify.Shared.Data;
using Spectre.Console;

namespace Botify.Sim.Cli;

/// <summary>The command line: <c>world</c> writes a world, <c>run</c> plays sessions. Exit codes 0 / 1 (failure) / 2 (bad usage).</summary>
public static class SimCli
{
    /// <summary>Exit code of a run that worked.</summary>
    public const int Success = 0;

    /// <summary>Exit code of a failure: a bad file, an unreachable target, too many errors.</summary>
    public const int Failure = 1;

    /// <summary>Exit code of bad usage: unknown or malformed options.</summary>
    public const int Usage = 2;

    /// <summary>Parses and runs; <paramref name="console"/> defaults to the process console.</summary>
    public static async Task<int> RunAsync(string[] args, IAnsiConsole? console = null, CancellationToken cancellationToken = default)
    {
        if (console is null && Console.IsOutputRedirected)
        {
            // Redirected (a pipe, a CI log), Spectre assumes 80 columns and wraps every cell; such output is read whole.
            AnsiConsole.Profile.Width = 240;
        }

        console ??= AnsiConsole.Console;
        var root = new RootCommand("Botify.Sim: a world of listeners with hidden tastes, and the harness that plays their sessions against an agent or the API.")
        {
            WorldCommand.Create(console),
            RunCommand.Create(console),
        };
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                await Console.Error.WriteLineAsync($"Botify.Sim: {error.Message}").ConfigureAwait(false);
            }

            await Console.Error.WriteLineAsync("Botify.Sim: see --help").ConfigureAwait(false);
            return Usage;
        }

        try
        {
            return await parse.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false }, cancellationToken).ConfigureAwait(false);
        }
        catch (DataFileException e)
        {
            await Console.Error.WriteLineAsync($"Botify.Sim: {e.Message}").ConfigureAwait(false);
            return Failure;
        }
        catch (UsageException e)
        {
            await Console.Error.WriteLineAsync($"Botify.Sim: {e.Message}").ConfigureAwait(false);
            return Usage;
        }
        catch (OperationCanceledException)
        {
            await Console.Error.WriteLineAsync("Botify.Sim: cancelled").ConfigureAwait(false);
            return Failure;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException or ArgumentException)
        {
            await Console.Error.WriteLineAsync($"Botify.Sim: {e.Message}").ConfigureAwait(false);
            return Failure;
        }
    }
}
