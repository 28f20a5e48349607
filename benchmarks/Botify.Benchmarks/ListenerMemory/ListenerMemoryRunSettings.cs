namespace Botify.Benchmarks.ListenerMemory;

/// <summary>One listener-memory benchmark run, as its command line gives it (see <c>listener-memory --help</c>).</summary>
/// <param name="Listeners">Listeners each store is filled with.</param>
/// <param name="Sessions">Past sessions per listener, one row per value and store.</param>
/// <param name="Tracks">Tracks per past session, one row per value and store.</param>
/// <param name="Operations">Timed reads, and timed appends, per row.</param>
/// <param name="Seed">Seed of the generated sessions and of the listeners the timed calls pick.</param>
/// <param name="Output">Where to write the JSON results; null for none.</param>
internal sealed record ListenerMemoryRunSettings(int Listeners, IReadOnlyList<int> Sessions, IReadOnlyList<int> Tracks, int Operations, int Seed, FileInfo? Output);
