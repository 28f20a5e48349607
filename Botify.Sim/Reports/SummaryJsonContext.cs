using System.Text.Json.Serialization;

namespace Botify.Sim.Reports;

/// <summary>The summary document, indented; NaN (an interval of one session) is written as "NaN".</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(RunSummary))]
internal sealed partial class SummaryJsonContext : JsonSerializerContext;
