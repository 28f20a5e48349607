using System.Diagnostics;

namespace Botify.Api.Telemetry;

/// <summary>
/// The service's spans. <see cref="ActivitySource.StartActivity(string, ActivityKind)"/> returns null unless
/// a tracer listens (traces are on only with an OTLP endpoint), so an untraced call pays one check.
/// </summary>
internal static class ApiTracing
{
    public const string SourceName = "Botify.Api";

    public static readonly ActivitySource Source = new(SourceName);
}
