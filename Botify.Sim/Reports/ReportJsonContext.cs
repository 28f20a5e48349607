using System.Text.Json.Serialization;
using Botify.Sim.Sessions;

namespace Botify.Sim.Reports;

/// <summary>Session lines: one compact JSON object per line.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(SessionRecord))]
internal sealed partial class ReportJsonContext : JsonSerializerContext;
