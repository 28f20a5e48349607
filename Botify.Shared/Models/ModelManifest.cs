using System.Text.Json.Serialization;

namespace Botify.Shared.Models;

/// <summary>
/// <c>manifest.json</c> of a model bundle: what the tables hold and how they were made.
/// The manifest is written last, so a folder with a manifest has all its tables.
/// </summary>
public sealed class ModelManifest
{
    /// <summary>The format this manifest follows; readers refuse a newer one.</summary>
    public const int CurrentFormatVersion = 1;

    /// <summary>Format version of the bundle layout (currently 1).</summary>
    [JsonPropertyName("formatVersion")]
    public int FormatVersion { get; set; } = CurrentFormatVersion;

    /// <summary>Identifies the model; the index and the API report it with every answer.</summary>
    [JsonPropertyName("modelVersion")]
    public string ModelVersion { get; set; } = string.Empty;

    /// <summary>Embedding dimension d shared by the context, track and listener tables (1..4096).</summary>
    [JsonPropertyName("dimension")]
    public int Dimension { get; set; }

    /// <summary>Rows of the context and track tables, and length of the bias vector.</summary>
    [JsonPropertyName("tracks")]
    public int Tracks { get; set; }

    /// <summary>Rows of the listener table (0 when the model has no listener vectors).</summary>
    [JsonPropertyName("users")]
    public int Users { get; set; }

    /// <summary>Global bias added to every score.</summary>
    [JsonPropertyName("globalBias")]
    public float GlobalBias { get; set; }

    /// <summary>When the bundle was written (UTC).</summary>
    [JsonPropertyName("createdAt")]
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>
    /// Tracks whose context vectors carry no signal, so callers fall back for them. Botify.Train gives every
    /// track a context vector and leaves this empty; a bundle made otherwise may list some.
    /// </summary>
    [JsonPropertyName("coldTracks")]
    public IList<int> ColdTracks { get; init; } = [];

    /// <summary>Settings the model was trained or generated with (free-form, for the record).</summary>
    [JsonPropertyName("training")]
    public IDictionary<string, string> Training { get; init; } = new SortedDictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Quality figures measured when the model was made (free-form, for the record).</summary>
    [JsonPropertyName("metrics")]
    public IDictionary<string, double> Metrics { get; init; } = new SortedDictionary<string, double>(StringComparer.Ordinal);
}
