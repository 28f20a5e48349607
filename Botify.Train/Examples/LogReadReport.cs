namespace Botify.Train.Examples;

/// <summary>What reading an event log found: lines read, lines skipped and why.</summary>
public sealed class LogReadReport
{
    private readonly Dictionary<string, int> _skippedByReason = new(StringComparer.Ordinal);

    /// <summary>The event stream read instead of files (<c>stream NAME at URL</c>), or null.</summary>
    public string? Stream { get; internal set; }

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

    internal void Skip(string file, int line, string reason) => Skip(1, $"{file}:{line}: {reason}", reason);

    /// <summary>Counts <paramref name="count"/> skipped items for one reason, with one sample saying where.</summary>
    internal void Skip(long count, string sample, string reason)
    {
        if (count <= 0)
        {
            return;
        }

        Skipped += count;
        var key = reason.Length > 60 ? reason[..60] : reason;
        _skippedByReason[key] = _skippedByReason.GetValueOrDefault(key) + (int)Math.Min(count, int.MaxValue);
        if (Samples.Count < 5)
        {
            Samples.Add(sample);
        }
    }
}
