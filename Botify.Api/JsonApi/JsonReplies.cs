using System.Text.Json.Serialization;

namespace Botify.Api.JsonApi;

/// <summary>Reply of <c>POST /next/{user}</c>, as the course's service answers.</summary>
internal sealed record NextJsonReply([property: JsonPropertyName("user")] int User, [property: JsonPropertyName("track")] int Track);

/// <summary>Reply of <c>POST /last/{user}</c>.</summary>
internal sealed record LastJsonReply([property: JsonPropertyName("user")] int User);

/// <summary>Reply of <c>GET /track/{track}</c>.</summary>
internal sealed record TrackJsonReply(
    [property: JsonPropertyName("track")] int Track,
    [property: JsonPropertyName("artist")] string Artist,
    [property: JsonPropertyName("title")] string Title,
    [property: JsonPropertyName("genres")] IReadOnlyList<string> Genres);

/// <summary>Body of every 4xx/5xx reply: what was wrong.</summary>
internal sealed record ErrorJsonReply([property: JsonPropertyName("error")] string Error);
