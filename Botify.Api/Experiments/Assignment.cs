using Botify.Api.Core;

namespace Botify.Api.Experiments;

/// <summary>A listener's treatment in the running experiment, its pipeline, and the labels of every experiment for the event.</summary>
internal sealed record Assignment(string Experiment, string Treatment, TreatmentPipeline Pipeline, IReadOnlyDictionary<string, string> Experiments);
