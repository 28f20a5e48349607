using System.ComponentModel;
using System.Diagnostics;

namespace Botify.Deploy.Tests;

/// <summary>Runs a command-line tool from the checkout's root; a test that needs an absent tool is ignored, saying why.</summary>
internal static class Tool
{
    /// <summary>Whether <paramref name="file"/> is an executable on PATH.</summary>
    public static bool Exists(string file) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(folder => File.Exists(Path.Combine(folder, file)));

    public static (int ExitCode, string Output, string Error) Run(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file)
        {
            WorkingDirectory = Checkout.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start");
        }
        catch (Win32Exception e)
        {
            Assert.Ignore($"'{file}' is not installed ({e.Message}); .ci/run installs it (Debian kubernetes-client for kubectl): this check is skipped");
            throw;
        }

        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail($"{file} {string.Join(' ', arguments)} did not finish in 60 s");
            }

            return (process.ExitCode, output.GetAwaiter().GetResult(), error.GetAwaiter().GetResult());
        }
    }
}
