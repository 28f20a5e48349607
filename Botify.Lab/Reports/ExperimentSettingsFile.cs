using System.Text.Json;
using System.Text.Json.Nodes;
using Botify.Lab.Analysis;
using Botify.Lab.Loop;

namespace Botify.Lab.Reports;

/// <summary>
/// The arms a run served, as settings files Botify.Api loads with <c>--SettingsFile=FILE</c> (docs/experiments.md):
/// <c>experiment.json</c> holds every arm as the run served it, <c>serve.json</c> the control and the model arm with
/// the highest mean on the last day, the pair to ship. Each arm's keys are its <c>Experiment:Treatments:i:</c>
/// settings, nested as appsettings.json nests them.
/// </summary>
public static class ExperimentSettingsFile
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static IReadOnlyList<string> Write(string folder, string experiment, IReadOnlyList<Arm> arms, ExperimentReport lastDay)
    {
        ArgumentNullException.ThrowIfNull(arms);
        ArgumentNullException.ThrowIfNull(lastDay);
        var all = Path.Combine(folder, "experiment.json");
        File.WriteAllText(all, Render(experiment, arms));
        if (Best(arms, lastDay) is not { } best)
        {
            return [all];
        }

        var serve = Path.Combine(folder, "serve.json");
        File.WriteAllText(serve, Render(experiment, [arms[0], best]));
        return [all, serve];
    }

    /// <summary>The model arm other than control with the highest mean time per session; null when none was measured.</summary>
    public static Arm? Best(IReadOnlyList<Arm> arms, ExperimentReport lastDay)
    {
        ArgumentNullException.ThrowIfNull(arms);
        ArgumentNullException.ThrowIfNull(lastDay);
        var means = lastDay.Treatments.ToDictionary(r => r.Stats.Treatment, r => r.Stats.Mean, StringComparer.Ordinal);
        return arms.Skip(1).Where(a => a.IsModel && means.ContainsKey(a.Name)).MaxBy(a => means[a.Name]);
    }

    public static string Render(string experiment, IReadOnlyList<Arm> arms)
    {
        ArgumentNullException.ThrowIfNull(arms);
        var treatments = new JsonArray();
        foreach (var arm in arms)
        {
            var treatment = new JsonObject();
            foreach (var (key, value) in arm.Settings.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                var parts = key.Split(':');
                var node = treatment;
                foreach (var part in parts[..^1])
                {
                    node = node[part] as JsonObject ?? (JsonObject)(node[part] = new JsonObject());
                }

                node[parts[^1]] = value;
            }

            treatments.Add(treatment);
        }

        var root = new JsonObject { ["Experiment"] = new JsonObject { ["Name"] = experiment, ["Treatments"] = treatments } };
        return root.ToJsonString(Indented) + Environment.NewLine;
    }
}
