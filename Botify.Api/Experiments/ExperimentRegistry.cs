using Botify.Api.Core;
using Botify.Shared.Experiments;

namespace Botify.Api.Experiments;

/// <summary>
/// The running experiment: murmur3 assignment (<see cref="TreatmentAssigner"/>) into treatments,
/// one <see cref="TreatmentPipeline"/> each, built once at start-up; plus label-only experiments.
/// </summary>
internal sealed class ExperimentRegistry
{
    private readonly TreatmentAssigner _assigner;
    private readonly TreatmentPipeline[] _pipelines;
    private readonly TreatmentAssigner[] _labels;
    private readonly IReadOnlyDictionary<string, string>[]? _experimentsByBucket;

    public ExperimentRegistry(ExperimentOptions options, Func<TreatmentOptions, TreatmentPipeline> buildPipeline)
    {
        var served = options.Served();
        _assigner = new TreatmentAssigner(options.Name, [.. served.Select(t => t.Name)]);
        _pipelines = [.. served.Select(buildPipeline)];
        _labels = [.. options.Labels.OrderBy(pair => pair.Key, StringComparer.Ordinal).Select(pair => new TreatmentAssigner(pair.Key, pair.Value))];
        if (_labels.Length == 0)
        {
            // Without label experiments the event's experiments map depends on the bucket alone: share it.
            _experimentsByBucket = [.. _assigner.Treatments.Select(t => (IReadOnlyDictionary<string, string>)new Dictionary<string, string>(StringComparer.Ordinal) { [options.Name] = t })];
        }
    }

    public string Name => _assigner.Name;

    public Assignment Assign(int user)
    {
        var bucket = _assigner.Bucket(user);
        var treatment = _assigner.Treatments[bucket];
        IReadOnlyDictionary<string, string> experiments;
        if (_experimentsByBucket is not null)
        {
            experiments = _experimentsByBucket[bucket];
        }
        else
        {
            var labels = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var label in _labels)
            {
                labels[label.Name] = label.Assign(user);
            }

            labels[_assigner.Name] = treatment;
            experiments = labels;
        }

        return new Assignment(_assigner.Name, treatment, _pipelines[bucket], experiments);
    }
}
