using System.Text.Json.Serialization;

namespace Botify.Shared.Models;

[JsonSourceGenerationOptions(WriteIndented = true)]
[JsonSerializable(typeof(ModelManifest))]
internal sealed partial class ModelJsonContext : JsonSerializerContext;
