namespace Botify.Api.Memory;

/// <summary>What a rebuild of the listener memory read and kept: nothing it skipped goes uncounted.</summary>
internal sealed record RebuildCounts(long Events, int Sessions, int Listeners, long SkippedForgotten, long Unfinished, long BadLines);
