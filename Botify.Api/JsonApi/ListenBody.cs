using System.Text.Json.Serialization;

namespace Botify.Api.JsonApi;

/// <summary>The course's request body of <c>POST /next/{user}</c> and <c>/last/{user}</c>: <c>{"track": int, "time": float}</c>.</summary>
internal sealed class ListenBody
{
    [JsonPropertyName("track")]
    public int? Track { get; set; }

    [JsonPropertyName("time")]
    public double? Time { get; set; }
}
