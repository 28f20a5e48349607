using Botify.Lab.Analysis;
using Botify.Protos.V1;
using Botify.Train.Output;

namespace Botify.Lab.Loop;

/// <summary>
/// The night before <paramref name="Day"/>: training on every log of days 1 .. Day − 1, the model the
/// index then served, and that model's geometry against the world's truth.
/// </summary>
public sealed record NightResult(int Day, TrainingReport Training, IndexInfo Served, GeometryReport Geometry);
