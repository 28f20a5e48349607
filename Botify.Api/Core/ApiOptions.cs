using System.ComponentModel.DataAnnotations;

namespace Botify.Api.Core;

/// <summary>Settings of the API service, bound from the <c>Api</c> section (appsettings, environment <c>Api__X</c>, or <c>--Api:X=</c>).</summary>
public sealed class ApiOptions
{
    public const string Section = "Api";

    /// <summary>The track catalog, JSON lines (optionally <c>.gz</c>). Required: without it the service does not start.</summary>
    [Required(ErrorMessage = "Api:CatalogPath is required (the track catalog, JSON lines)")]
    public string CatalogPath { get; set; } = string.Empty;

    /// <summary>An event log (file or folder) whose <c>next</c> events seed the top-pop list at start-up. Default none.</summary>
    public string? TopPopLogPath { get; set; }

    /// <summary>How often the top-pop list is recomputed from the live counts. Default 1 s, range 10 ms..1 h.</summary>
    [Range(typeof(TimeSpan), "00:00:00.01", "01:00:00")]
    public TimeSpan TopPopRefresh { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Largest JSON request body; larger is refused with 413. Default 65536 bytes, range 256..16 MiB.</summary>
    [Range(256, 16 * 1024 * 1024)]
    public int MaxJsonBodyBytes { get; set; } = 64 * 1024;

    /// <summary>Seed of the service's random draws; 0 = a different seed each start. Default 0.</summary>
    public int RandomSeed { get; set; }
}
