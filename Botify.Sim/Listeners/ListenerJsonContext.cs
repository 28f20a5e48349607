using System.Text.Json.Serialization;

namespace Botify.Sim.Listeners;

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ListenerLine))]
internal sealed partial class ListenerJsonContext : JsonSerializerContext;
