using System.Diagnostics;
using System.Text;

namespace Botify.Benchmarks.Faults;

/// <summary>
/// A service started as a real child process (<c>dotnet Botify.Api.dll …</c>, <c>redis-server …</c>), its
/// output kept in a log file so a probe that misses its target can be read afterwards. The same instance
/// can be started again after a kill, with the same arguments and so the same ports.
/// </summary>
internal sealed class ServiceProcess : IAsyncDisposable
{
    private readonly string _name;
    private readonly string _fileName;
    private readonly IReadOnlyList<string> _arguments;
    private readonly string _workingDirectory;
    private readonly StreamWriter _log;
    private Process? _process;

    public ServiceProcess(string name, string fileName, IReadOnlyList<string> arguments, string workingDirectory, string logFolder)
    {
        _name = name;
        _fileName = fileName;
        _arguments = arguments;
        _workingDirectory = workingDirectory;
        Directory.CreateDirectory(logFolder);
        _log = new StreamWriter(Path.Combine(logFolder, name + ".log"), append: false, Encoding.UTF8) { AutoFlush = true };
    }

    public string Name => _name;

    public bool IsRunning => _process is { HasExited: false };

    public int ExitCode => _process is { HasExited: true } process ? process.ExitCode : -1;

    /// <summary>The <c>dotnet</c> host that runs this benchmark, so children run on the same runtime.</summary>
    public static string DotnetHost => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";

    public void Start()
    {
        var start = new ProcessStartInfo(_fileName)
        {
            WorkingDirectory = _workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in _arguments)
        {
            start.ArgumentList.Add(argument);
        }

        Write($"--- start at {FaultClock.Now:F3} s: {_fileName} {string.Join(' ', _arguments)}");
        _process = Process.Start(start) ?? throw new InvalidOperationException($"{_name}: could not start {_fileName}");
        _process.OutputDataReceived += (_, e) => Write(e.Data);
        _process.ErrorDataReceived += (_, e) => Write(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>SIGKILL: no shutdown code runs, as when a node dies or the OOM killer strikes.</summary>
    public async Task KillAsync()
    {
        if (_process is { HasExited: false } process)
        {
            Write($"--- SIGKILL at {FaultClock.Now:F3} s");
            Signals.Send(process.Id, Signals.Kill);
            await process.WaitForExitAsync().ConfigureAwait(false);
        }
    }

    /// <summary>SIGTERM: the graceful stop an orchestrator asks for first.</summary>
    public void Terminate()
    {
        if (_process is { HasExited: false } process)
        {
            Write($"--- SIGTERM at {FaultClock.Now:F3} s");
            Signals.Send(process.Id, Signals.Terminate);
        }
    }

    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        if (_process is null)
        {
            return true;
        }

        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token).ConfigureAwait(false);
            Write($"--- exited with {_process.ExitCode} at {FaultClock.Now:F3} s");
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync().ConfigureAwait(false);
        }

        _process?.Dispose();
        _process = null;
        lock (_log)
        {
            _log.Dispose();
        }
    }

    private void Write(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            try
            {
                _log.WriteLine(line);
            }
            catch (ObjectDisposedException)
            {
                // Output that arrives after the suite closed the log; nothing reads it any more.
            }
        }
    }
}
