using System.Text.Json.Serialization;

namespace Botify.Shared.Catalog;

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(CatalogLine))]
internal sealed partial class CatalogJsonContext : JsonSerializerContext;
