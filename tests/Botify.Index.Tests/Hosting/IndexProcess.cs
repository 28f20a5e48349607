using System.Diagnostics;
using System.Text;
using Botify.Shared.Hosting;

namespace Botify.Index.Tests.Hosting;

/// <summary>The built Botify.Index started as a real process on free loopback ports, its output kept; killed on dispose.</summary>
internal sealed class IndexProcess : IAsyncDisposable
{
    private readonly StringBuilder _output = new();

    private IndexProcess(Process process, int grpcPort)
    {
        Process = process;
        GrpcPort = grpcPort;
    }

    public Process Process { get; }

    public int GrpcPort { get; }

    /// <summary>What the process has written so far, stdout and stderr together.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts the index with its two endpoints on free ports, then <paramref name="arguments"/>.</summary>
    public static IndexProcess Start(IEnumerable<string> arguments, string? workingDirectory = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var grpcPort = LoopbackPort.Free();
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (workingDirectory is not null)
        {
            start.WorkingDirectory = workingDirectory;
        }

        foreach (var argument in new[]
        {
            Path.Combine(AppContext.BaseDirectory, "Botify.Index.dll"),
            $"--Kestrel:Endpoints:Grpc:Url=http://127.0.0.1:{grpcPort}",
            $"--Kestrel:Endpoints:Http:Url=http://127.0.0.1:{LoopbackPort.Free()}",
        }.Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        var index = new IndexProcess(Process.Start(start)!, grpcPort);
        index.Process.OutputDataReceived += (_, e) => index.Append(e.Data);
        index.Process.ErrorDataReceived += (_, e) => index.Append(e.Data);
        index.Process.BeginOutputReadLine();
        index.Process.BeginErrorReadLine();
        return index;
    }

    public async ValueTask DisposeAsync()
    {
        if (!Process.HasExited)
        {
            Process.Kill(entireProcessTree: true);
        }

        await Process.WaitForExitAsync();
        Process.Dispose();
    }

    private void Append(string? line)
    {
        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
