namespace Botify.Benchmarks.ApiThroughput;

/// <summary>One api benchmark run, as its command line gives it (see <c>api --help</c>).</summary>
/// <param name="Callers">Concurrent callers of the closed-loop phases and the driver.</param>
/// <param name="Rate">Calls per second of the open-loop phase.</param>
/// <param name="Duration">Length of each timed phase.</param>
/// <param name="Tracks">Tracks in the catalog and the model.</param>
/// <param name="Allocations">Sample what C's first closed-loop phase allocates, by type.</param>
/// <param name="IndexHugePages">Serve the index's graph from 2 MB pages.</param>
/// <param name="Json">Also run the JSON phases under wrk.</param>
/// <param name="SinksOnly">Only the no-op server and C on the file and the JetStream sinks, closed loop.</param>
/// <param name="Rounds">Rounds of C on files then C on JetStream, measured alternately.</param>
/// <param name="Output">Where to write the JSON results; null for none.</param>
internal sealed record ApiRunSettings(
    int Callers,
    int Rate,
    TimeSpan Duration,
    int Tracks,
    bool Allocations,
    bool IndexHugePages,
    bool Json,
    bool SinksOnly,
    int Rounds,
    FileInfo? Output);
