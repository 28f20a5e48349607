using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Botify.Benchmarks.ApiThroughput;

/// <summary>
/// HTTP/1.1 load from <c>wrk</c> (Debian's package): listeners calling a course-style <c>POST {path}{user}</c>
/// with a JSON body, each call's context mostly the track a previous reply recommended (per wrk thread), as
/// listeners following recommendations do. wrk is a C program, so on a small host it takes less of the
/// cores it shares with the server than a .NET client would.
/// </summary>
internal static partial class WrkLoad
{
    // Lua run by every wrk thread. Placeholders: PATH, TRACKS, USERS.
    private const string Script = """
        local path, tracks, users = "PATH", TRACKS, USERS
        local pending = {}
        local headers = { ["Content-Type"] = "application/json" }
        local seeded = 0
        function setup(thread) seeded = seeded + 1; thread:set("seed", seeded) end
        function init(args) math.randomseed(seed * 7919) end
        function request()
          local track
          if #pending > 0 and math.random() < 0.9 then track = table.remove(pending) else track = math.random(0, tracks - 1) end
          local body = string.format('{"track":%d,"time":%.2f}', track, math.random())
          return wrk.format("POST", path .. math.random(0, users - 1), headers, body)
        end
        function response(status, headers, body)
          local t = body:match('"track":(%d+)')
          if t and #pending < 256 then pending[#pending + 1] = tonumber(t) end
        end
        """;

    /// <summary>wrk's full path, or null when it is not installed.</summary>
    public static string? Find() =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator)
            .Select(folder => Path.Combine(folder, "wrk"))
            .FirstOrDefault(File.Exists);

    /// <summary>Runs <c>wrk -t{threads} -c{connections} -d{duration} --latency</c> against <paramref name="server"/>.</summary>
    public static async Task<WrkResult> RunAsync(string wrk, Uri server, string path, int threads, int connections, TimeSpan duration, int tracks, int users)
    {
        var script = Path.Combine(Path.GetTempPath(), $"botify-wrk-{Environment.ProcessId}.lua");
        await File.WriteAllTextAsync(script, Script
            .Replace("PATH", path, StringComparison.Ordinal)
            .Replace("TRACKS", tracks.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("USERS", users.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal));
        try
        {
            var start = new ProcessStartInfo(wrk)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                ArgumentList = { "-t", $"{threads}", "-c", $"{connections}", "-d", $"{(int)Math.Ceiling(duration.TotalSeconds)}s", "--latency", "-s", script, server.ToString() },
            };
            using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {wrk}");
            var output = await process.StandardOutput.ReadToEndAsync();
            var errors = await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"{wrk} exited with {process.ExitCode}: {errors.Trim()}");
            }

            return Parse(output, $"wrk -t{threads} -c{connections}");
        }
        finally
        {
            File.Delete(script);
        }
    }

    /// <summary>Reads wrk's summary: requests and seconds, Requests/sec, the 50 % and 99 % latencies, non-2xx replies and socket errors.</summary>
    internal static WrkResult Parse(string output, string load)
    {
        var total = RequestsLine().Match(output);
        var rate = RateLine().Match(output);
        if (!total.Success || !rate.Success)
        {
            throw new InvalidDataException($"wrk printed no request summary:\n{output}");
        }

        var errors = SocketErrors().Match(output);
        return new WrkResult(
            load,
            long.Parse(total.Groups[1].Value, CultureInfo.InvariantCulture),
            double.Parse(total.Groups[2].Value, CultureInfo.InvariantCulture),
            double.Parse(rate.Groups[1].Value, CultureInfo.InvariantCulture),
            Percentile(output, "50%"),
            Percentile(output, "99%"),
            NonSuccess().Match(output) is { Success: true } bad ? long.Parse(bad.Groups[1].Value, CultureInfo.InvariantCulture) : 0,
            errors.Success ? errors.Groups.Values.Skip(1).Sum(g => long.Parse(g.Value, CultureInfo.InvariantCulture)) : 0);
    }

    private static double Percentile(string output, string percentile)
    {
        var match = Regex.Match(output, $@"^\s+{Regex.Escape(percentile)}\s+([\d.]+)(us|ms|s)\s*$", RegexOptions.Multiline, TimeSpan.FromSeconds(1));
        if (!match.Success)
        {
            throw new InvalidDataException($"wrk printed no {percentile} latency:\n{output}");
        }

        var value = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        return match.Groups[2].Value switch { "us" => value / 1000, "s" => value * 1000, _ => value };
    }

    [GeneratedRegex(@"(\d+) requests in ([\d.]+)s")]
    private static partial Regex RequestsLine();

    [GeneratedRegex(@"Requests/sec:\s+([\d.]+)")]
    private static partial Regex RateLine();

    [GeneratedRegex(@"Non-2xx or 3xx responses: (\d+)")]
    private static partial Regex NonSuccess();

    [GeneratedRegex(@"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")]
    private static partial Regex SocketErrors();
}

/// <summary>One wrk run: requests answered, over how long, the rate wrk reports, latency in ms, and what failed.</summary>
internal sealed record WrkResult(string Load, long Requests, double Seconds, double RequestsPerSecond, double P50Ms, double P99Ms, long NonSuccess, long SocketErrors);
