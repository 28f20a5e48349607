namespace Botify.Benchmarks.ApiThroughput;

/// <summary>One gRPC phase: the load's result, what the API served, and what its event sink did (null for the no-op server and the open loop).</summary>
internal sealed record GrpcRow(LoadResult Result, PhaseCounters Served, SinkCounters? Sink = null);
