using System.Text.Json.Serialization;

namespace Botify.Train.Output;

/// <summary>One line of the course's recommendations file.</summary>
public sealed record CourseRecommendation(
    [property: JsonPropertyName("track")] int Track,
    [property: JsonPropertyName("recommendations")] IReadOnlyList<int> Recommendations);
