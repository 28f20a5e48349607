using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Botify.Api.Memory;
using Botify.Benchmarks.ListenerMemory;

namespace Botify.Benchmarks.Commands;

/// <summary><c>listener-memory</c>: bytes per listener and the per-call cost of the listener memory, in this process and in a redis-server it starts.</summary>
internal static class ListenerMemoryCommand
{
    public static Command Create()
    {
        var bounds = new ListenerMemoryOptions();
        var listeners = new Option<int>("--listeners") { Description = "Listeners each store is filled with; bytes per listener are the store's growth over this count.", DefaultValueFactory = _ => 10_000 };
        var sessions = new Option<string>("--sessions") { Description = $"Comma-separated past sessions per listener, a row each (with each --tracks), in 1..{bounds.MaxSessions} (ListenerMemory:MaxSessions).", DefaultValueFactory = _ => $"8,{bounds.MaxSessions}" };
        var tracks = new Option<string>("--tracks") { Description = $"Comma-separated tracks per past session, a row each (with each --sessions), in 1..{bounds.MaxTracksPerSession} (ListenerMemory:MaxTracksPerSession); 12 is a typical session of the main job.", DefaultValueFactory = _ => $"12,{bounds.MaxTracksPerSession}" };
        var operations = new Option<int>("--operations") { Description = "Timed ReadAsync calls, and timed AppendAsync calls, per row (one caller, each call timed alone; 2 × 2,000 untimed of each first).", DefaultValueFactory = _ => 20_000 };
        var seed = new Option<int>("--seed") { Description = "Seed of the generated sessions (tracks and shares) and of the listeners the timed calls pick.", DefaultValueFactory = _ => 1 };
        var output = new Option<FileInfo?>("--out") { Description = "Write the results as JSON here.", DefaultValueFactory = _ => new FileInfo(Path.Combine("benchmarks", "results", "listener-memory.json")) };
        foreach (var option in new[] { listeners, operations })
        {
            option.Validators.Add(result =>
            {
                if (result.GetValueOrDefault<int>() < 1)
                {
                    result.AddError($"{option.Name} must be at least 1");
                }
            });
        }

        sessions.Validators.Add(result => ValidateList(result, sessions.Name, bounds.MaxSessions));
        tracks.Validators.Add(result => ValidateList(result, tracks.Name, bounds.MaxTracksPerSession));
        var command = new Command("listener-memory", "The listener memory's two stores, in this process (InMemoryListenerMemory) and in a redis-server it starts on loopback (RedisListenerMemory; skipped, saying why, when redis-server is not on PATH): bytes held per listener at each fill of --sessions × --tracks, and the mean and p99 microseconds of ReadAsync (the memory arm's read on each Next) and AppendAsync (on each Last), one caller.")
        {
            listeners, sessions, tracks, operations, seed, output,
        };
        command.SetAction((parse, _) => ListenerMemoryBenchmark.RunAsync(new ListenerMemoryRunSettings(
            parse.GetValue(listeners), ParseList(parse.GetValue(sessions)!)!, ParseList(parse.GetValue(tracks)!)!, parse.GetValue(operations), parse.GetValue(seed), parse.GetValue(output))));
        return command;
    }

    private static void ValidateList(OptionResult result, string name, int max)
    {
        var values = ParseList(result.GetValueOrDefault<string>() ?? string.Empty);
        if (values is null || values.Count == 0 || values.Any(v => v < 1 || v > max))
        {
            result.AddError($"{name} must be a comma-separated list of integers in 1..{max}");
        }
    }

    /// <summary>Splits "a,b,c" into distinct integers in the given order; null when an element does not parse.</summary>
    private static List<int>? ParseList(string text)
    {
        var list = new List<int>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(part, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
            {
                return null;
            }

            if (!list.Contains(value))
            {
                list.Add(value);
            }
        }

        return list;
    }
}
