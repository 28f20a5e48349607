using System.Globalization;

namespace Botify.Benchmarks.Faults;

/// <summary>A running Botify.Api: its process, loopback ports and event log folder.</summary>
internal sealed record ApiEndpoints(ServiceProcess Process, int GrpcPort, int HttpPort, string EventFolder)
{
    public string GrpcUrl => string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{GrpcPort}");

    public string HttpUrl => string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{HttpPort}");

    public string HealthUrl => HttpUrl + "/healthz";
}
