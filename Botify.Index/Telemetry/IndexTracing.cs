using System.Diagnostics;

namespace Botify.Index.Telemetry;

/// <summary>
/// The index's spans. <see cref="ActivitySource.StartActivity(string, ActivityKind)"/> returns null unless
/// a tracer listens (traces are on only with an OTLP endpoint), so an untraced search pays one check.
/// </summary>
internal static class IndexTracing
{
    public const string SourceName = "Botify.Index";

    public static readonly ActivitySource Source = new(SourceName);
}
