using Botify.Shared.Catalog;
using Botify.Shared.Events.Stream;
using Botify.Train.Model;

namespace Botify.Train.Output;

/// <summary>What to train from, where to write, and how.</summary>
/// <param name="Logs">Event log files or folders; empty when <paramref name="Stream"/> is given.</param>
/// <param name="OutputFolder">Model bundle folder to write.</param>
/// <param name="Options">Trainer settings.</param>
/// <param name="Tracks">Catalog size; null = the largest track id in the log + 1.</param>
/// <param name="Users">Listener count; null = the largest listener id in the log + 1.</param>
/// <param name="ExportCourseFolder">Also write the course's recommendations_contextual.json here.</param>
/// <param name="IdleGap">Idle time that ends a session without a <c>last</c>.</param>
/// <param name="Catalog">The track catalog: fixes the number of tracks and gives each track's artist,
/// whose shared share of the vectors lets the model generalise to the artist's rarely heard tracks.</param>
/// <param name="Stream">A window of the event stream to read instead of files.</param>
public sealed record TrainingRequest(
    IReadOnlyList<string> Logs,
    string OutputFolder,
    TrainerOptions Options,
    int? Tracks = null,
    int? Users = null,
    string? ExportCourseFolder = null,
    TimeSpan? IdleGap = null,
    TrackCatalog? Catalog = null,
    EventStreamSource? Stream = null);
