using System.ComponentModel.DataAnnotations;

namespace Botify.Api.Fatigue;

/// <summary>Parameters of the fatigue rules (DESIGN.md "The fatigue rules"), per treatment.</summary>
public sealed class FatigueOptions
{
    /// <summary>A track heard for at least this share goes on the history stack; less makes it stale. Default 0.7, range 0..1.</summary>
    [Range(0.0, 1.0)]
    public double Threshold { get; set; } = 0.7;

    /// <summary>Capacity of the stale-artist buffer. Default 1, range 0..1000.</summary>
    [Range(0, 1000)]
    public int ArtistsTimeout { get; set; } = 1;

    /// <summary>Capacity of the stale-track buffer. Default 30, range 0..10000.</summary>
    [Range(0, 10_000)]
    public int TracksTimeout { get; set; } = 30;
}
