using System.Globalization;

namespace Botify.Benchmarks.Faults;

/// <summary>A running Botify.Index: its process and loopback ports.</summary>
internal sealed record IndexEndpoints(ServiceProcess Process, int GrpcPort, int HttpPort)
{
    public string GrpcUrl => string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{GrpcPort}");

    public string HealthUrl => string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{HttpPort}/healthz");
}
