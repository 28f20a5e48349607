using System.Text.Json.Serialization;

namespace Botify.Api.JsonApi;

/// <summary>Source-generated JSON for the course's API. Named literals let a body say <c>"time": "NaN"</c> and get a 400 naming the field.</summary>
[JsonSourceGenerationOptions(NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals, ReadCommentHandling = System.Text.Json.JsonCommentHandling.Disallow)]
[JsonSerializable(typeof(ListenBody))]
[JsonSerializable(typeof(NextJsonReply))]
[JsonSerializable(typeof(LastJsonReply))]
[JsonSerializable(typeof(TrackJsonReply))]
[JsonSerializable(typeof(ErrorJsonReply))]
internal sealed partial class JsonApiContext : JsonSerializerContext;
