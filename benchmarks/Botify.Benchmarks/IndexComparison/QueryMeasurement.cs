namespace Botify.Benchmarks.IndexComparison;

/// <summary>What one timed pass over the queries found.</summary>
internal readonly record struct QueryMeasurement(double Recall, double Qps, double P50Micros, double P99Micros, double? Visited, double AllocatedBytesPerQuery);
