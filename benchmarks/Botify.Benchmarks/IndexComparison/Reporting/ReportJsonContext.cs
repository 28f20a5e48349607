using System.Text.Json.Serialization;

namespace Botify.Benchmarks.IndexComparison.Reporting;

[JsonSourceGenerationOptions(WriteIndented = true)]
[JsonSerializable(typeof(IndexReport))]
internal sealed partial class ReportJsonContext : JsonSerializerContext;
