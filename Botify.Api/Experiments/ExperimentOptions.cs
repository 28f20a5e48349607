namespace Botify.Api.Experiments;

/// <summary>The running experiment, bound from the <c>Experiment</c> section.</summary>
public sealed class ExperimentOptions
{
    public const string Section = "Experiment";

    /// <summary>Experiment name; hashed into the assignment seed. Default <c>RECOMMENDERS</c> (the course's).</summary>
    public string Name { get; set; } = "RECOMMENDERS";

    /// <summary>Treatments in bucket order; at least one. No default: appsettings.json lists them.</summary>
    public List<TreatmentOptions> Treatments { get; set; } = [];

    /// <summary>
    /// Serve this one treatment (by name, one of <see cref="Treatments"/>) to every listener: the others are not
    /// built, and events carry the experiment with this treatment. Default none (the experiment as configured).
    /// For a one-treatment service from the command line: <c>--Experiment:OnlyTreatment=T3</c>.
    /// </summary>
    public string? OnlyTreatment { get; set; }

    /// <summary>
    /// Further experiments that only label events (name → treatment names in bucket order), such as
    /// the course's A/A test <c>"AA": ["C", "T1"]</c>. Default none.
    /// </summary>
    public Dictionary<string, List<string>> Labels { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The treatments served: <see cref="OnlyTreatment"/> alone when it is set, else all of them.</summary>
    public IReadOnlyList<TreatmentOptions> Served() =>
        string.IsNullOrWhiteSpace(OnlyTreatment) ? Treatments : [.. Treatments.Where(t => t.Name == OnlyTreatment)];
}
