using System.Diagnostics.Metrics;

namespace Botify.Api.Tests;

/// <summary>Meters for a type under test outside a host; disposed with the factory.</summary>
internal sealed class TestMeterFactory : IMeterFactory
{
    private readonly List<Meter> _meters = [];

    public Meter Create(MeterOptions options)
    {
        var meter = new Meter(options);
        _meters.Add(meter);
        return meter;
    }

    public void Dispose() => _meters.ForEach(m => m.Dispose());
}
