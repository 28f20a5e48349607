using Botify.Protos.V1;
using Botify.Train.Output;

namespace Botify.Lab.Loop;

/// <summary>The night before <paramref name="Day"/>: training on every log of days 1 .. Day − 1, and the model the index then served.</summary>
public sealed record NightResult(int Day, TrainingReport Training, IndexInfo Served);
