namespace Botify.Train.Examples;

/// <summary>What reading an event log found: lines read, lines skipped and why.</summary>
public sealed class LogReadReport
{
    private readonly Dictionary<string, int> _skippedByReason = new(StringComparer.Ordinal);

    /// <summary>Files read.</summary>
    public int Files { get; internal set; }

    /// <summary>Events parsed.</summary>
    public long Events { get; internal set; }

    /// <summary>Lines that were not valid events and were skipped.</summary>
    public long Skipped { get; private set; }

    /// <summary>First skipped line per reason, as "file:line: reason".</summary>
    public IReadOnlyDictionary<string, int> SkippedByReason => _skippedByReason;

    /// <summary>The first few skipped lines, for the report.</summary>
    public List<string> Samples { get; } = [];

    internal void Skip(string file, int line, string reason)
    {
        Skipped++;
        var key = reason.Length > 60 ? reason[..60] : reason;
        _skippedByReason[key] = _skippedByReason.GetValueOrDefault(key) + 1;
        if (Samples.Count < 5)
        {
            Samples.Add($"{file}:{line}: {reason}");
        }
    }
}
