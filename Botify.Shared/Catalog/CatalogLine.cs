using System.Text.Json.Serialization;

namespace Botify.Shared.Catalog;

/// <summary>The JSON shape of one catalog line; fields are nullable so a missing one is reported by name.</summary>
internal sealed class CatalogLine
{
    [JsonPropertyName("track")]
    public int? Track { get; set; }

    [JsonPropertyName("artist")]
    public string? Artist { get; set; }

    [JsonPropertyName("title")]
    public string? Title { get; set; }

    [JsonPropertyName("genres")]
    public string[]? Genres { get; set; }
}
