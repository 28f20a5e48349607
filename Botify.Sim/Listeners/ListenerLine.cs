using System.Text.Json.Serialization;

namespace Botify.Sim.Listeners;

/// <summary>The JSON shape of one <c>users.json</c> line; nullable so a missing field is reported by name.</summary>
internal sealed class ListenerLine
{
    [JsonPropertyName("user")]
    public int? User { get; set; }

    [JsonPropertyName("interests")]
    public int[]? Interests { get; set; }

    [JsonPropertyName("consume_bias")]
    public double? ConsumeBias { get; set; }

    [JsonPropertyName("consume_sharpness")]
    public double? ConsumeSharpness { get; set; }

    [JsonPropertyName("session_budget")]
    public int? SessionBudget { get; set; }

    [JsonPropertyName("artist_discount_gamma")]
    public double? ArtistDiscountGamma { get; set; }

    [JsonPropertyName("interest_neighbours")]
    public int? InterestNeighbours { get; set; }
}
