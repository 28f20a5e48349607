using System.Diagnostics;
using System.Text.Json;
using Botify.Shared.Hosting;

namespace Botify.Index.Tests.Telemetry;

/// <summary>
/// The containers' setting <c>Logging__Console__FormatterName=json</c> (Dockerfiles, compose.yaml, the k8s
/// ConfigMaps) turns the service's console into one JSON object per line: the built service is started as a
/// process with that variable and its standard output read back.
/// </summary>
[Category("Integration")]
public sealed class JsonLogTests
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    [Test]
    public async Task Console_FormatterNameJsonFromEnvironment_EveryLineIsAJsonLogEntry()
    {
        using var folder = new TempFolder();
        var dll = typeof(IndexApp).Assembly.Location;
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet")
        {
            ArgumentList =
            {
                dll,
                $"--Kestrel:Endpoints:Grpc:Url=http://127.0.0.1:{LoopbackPort.Free()}",
                $"--Kestrel:Endpoints:Http:Url=http://127.0.0.1:{LoopbackPort.Free()}",
            },
            // The content root: no appsettings.json here, so only the environment sets the formatter.
            WorkingDirectory = folder.Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            Environment = { ["Logging__Console__FormatterName"] = "json", ["DOTNET_NOLOGO"] = "1" },
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"dotnet {dll} did not start");
        var lines = new List<string>();
        try
        {
            using var timeout = new CancellationTokenSource(StartTimeout);
            while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                lines.Add(line);
                if (line.Contains("Application started", StringComparison.Ordinal))
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"Botify.Index logged no 'Application started' within {StartTimeout.TotalSeconds} s; stdout:\n{string.Join('\n', lines)}");
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        Assert.That(lines, Is.Not.Empty, $"no output; stderr: {await process.StandardError.ReadToEndAsync()}");
        var categories = new List<string?>();
        foreach (var line in lines)
        {
            using var entry = ParseOrFail(line);
            var root = entry.RootElement;
            Assert.That(root.GetProperty("LogLevel").GetString(), Is.Not.Empty, line);
            Assert.That(root.TryGetProperty("EventId", out _), Is.True, line);
            Assert.That(root.TryGetProperty("Message", out _), Is.True, line);
            categories.Add(root.GetProperty("Category").GetString());
        }

        Assert.That(categories, Does.Contain("Microsoft.Hosting.Lifetime"), "the host's start-up lines are among them");
    }

    private static JsonDocument ParseOrFail(string line)
    {
        try
        {
            return JsonDocument.Parse(line);
        }
        catch (JsonException e)
        {
            Assert.Fail($"a console line is not JSON ({e.Message}): {line}");
            throw;
        }
    }
}
