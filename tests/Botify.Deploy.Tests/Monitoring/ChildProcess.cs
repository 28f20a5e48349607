using System.Diagnostics;
using System.Text;

namespace Botify.Deploy.Tests.Monitoring;

/// <summary>A server started as a real process for the live monitoring test, its output kept for a failure's message; killed on dispose.</summary>
internal sealed class ChildProcess : IAsyncDisposable
{
    private readonly StringBuilder _output = new();
    private readonly ProcessStartInfo _start;
    private Process? _process;

    public ChildProcess(string name, string file, IEnumerable<string> arguments, string? workingDirectory = null)
    {
        Name = name;
        _start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in arguments)
        {
            _start.ArgumentList.Add(argument);
        }
    }

    /// <summary>The <c>dotnet</c> host running the tests, so the services run on the same runtime.</summary>
    public static string DotnetHost => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";

    public string Name { get; }

    /// <summary>The last lines the process wrote, stdout and stderr together.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                var text = _output.ToString();
                return text.Length > 4000 ? text[^4000..] : text;
            }
        }
    }

    public bool IsRunning => _process is { HasExited: false };

    public ChildProcess Start()
    {
        _process = Process.Start(_start) ?? throw new InvalidOperationException($"{Name}: {_start.FileName} did not start");
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        return this;
    }

    /// <summary>Polls <paramref name="url"/> until it answers 2xx; fails with the process's output when it exits or the time runs out.</summary>
    public async Task WaitReadyAsync(HttpClient http, string url, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            if (!IsRunning)
            {
                Assert.Fail($"{Name} exited with {_process?.ExitCode} while starting:\n{Output}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri(url));
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Listening, not answering yet.
            }

            await Task.Delay(100);
        }

        Assert.Fail($"{Name} was not ready at {url} within {timeout.TotalSeconds} s:\n{Output}");
    }

    /// <summary>SIGKILL, as when a pod dies; the same instance can be started again on the same arguments.</summary>
    public async Task KillAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        _process?.Dispose();
        _process = null;
    }

    public async ValueTask DisposeAsync() => await KillAsync();

    private void Append(string? line)
    {
        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
