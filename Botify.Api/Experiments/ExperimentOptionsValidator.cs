using System.Globalization;
using Botify.Contracts;
using Microsoft.Extensions.Options;

namespace Botify.Api.Experiments;

/// <summary>Checks the experiment at start-up; every failure names the treatment and the setting.</summary>
internal sealed class ExperimentOptionsValidator : IValidateOptions<ExperimentOptions>
{
    public ValidateOptionsResult Validate(string? name, ExperimentOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Name))
        {
            failures.Add("Experiment:Name is required");
        }

        if (options.Treatments.Count == 0)
        {
            failures.Add("Experiment:Treatments needs at least one treatment");
        }

        if (!string.IsNullOrWhiteSpace(options.OnlyTreatment) && options.Treatments.All(t => t.Name != options.OnlyTreatment))
        {
            failures.Add($"Experiment:OnlyTreatment '{options.OnlyTreatment}' is not a configured treatment ({string.Join(", ", options.Treatments.Select(t => t.Name))})");
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < options.Treatments.Count; i++)
        {
            var treatment = options.Treatments[i];
            var at = $"Experiment:Treatments:{i}";
            if (string.IsNullOrWhiteSpace(treatment.Name))
            {
                failures.Add($"{at}:Name is required");
            }
            else if (!names.Add(treatment.Name))
            {
                failures.Add($"{at}:Name '{treatment.Name}' is used twice");
            }

            if (treatment.K is < 1 or > IndexLimits.MaxK)
            {
                failures.Add($"{at}:K is {treatment.K}; it must be in 1..{IndexLimits.MaxK}");
            }

            if (treatment.RetryK is < 0 or > IndexLimits.MaxK)
            {
                failures.Add($"{at}:RetryK is {treatment.RetryK}; it must be 0 (no retry) or in 1..{IndexLimits.MaxK}");
            }

            if (!Enum.IsDefined(treatment.Recommender) || !Enum.IsDefined(treatment.Pick))
            {
                failures.Add($"{at}: unknown Recommender or Pick");
            }

            if (!(treatment.SessionSkipWeight is >= 0 and <= 1))
            {
                failures.Add(string.Create(CultureInfo.InvariantCulture, $"{at}:SessionSkipWeight is {treatment.SessionSkipWeight}; it must be in 0..1 (treatment '{treatment.Name}')"));
            }

            if (treatment.PickTop is < 0 or > 1000)
            {
                failures.Add(string.Create(CultureInfo.InvariantCulture, $"{at}:PickTop is {treatment.PickTop}; it must be 0 (all) or in 1..1000 (treatment '{treatment.Name}')"));
            }

            if (!(treatment.Explore is >= 0 and <= 0.5))
            {
                failures.Add(string.Create(CultureInfo.InvariantCulture, $"{at}:Explore is {treatment.Explore}; it must be a share in 0..0.5 (treatment '{treatment.Name}')"));
            }

            if (treatment.Fatigue is { } fatigue)
            {
                if (!(fatigue.Threshold is >= 0 and <= 1))
                {
                    failures.Add($"{at}:Fatigue:Threshold is {fatigue.Threshold}; it must be in 0..1");
                }

                if (fatigue.ArtistsTimeout is < 0 or > 1000)
                {
                    failures.Add($"{at}:Fatigue:ArtistsTimeout is {fatigue.ArtistsTimeout}; it must be in 0..1000");
                }

                if (fatigue.TracksTimeout is < 0 or > 10_000)
                {
                    failures.Add($"{at}:Fatigue:TracksTimeout is {fatigue.TracksTimeout}; it must be in 0..10000");
                }
            }
        }

        foreach (var (label, treatments) in options.Labels)
        {
            if (treatments.Count == 0 || treatments.Distinct(StringComparer.Ordinal).Count() != treatments.Count)
            {
                failures.Add($"Experiment:Labels:{label} needs distinct treatment names");
            }

            if (string.Equals(label, options.Name, StringComparison.Ordinal))
            {
                failures.Add($"Experiment:Labels:{label} has the running experiment's name");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
