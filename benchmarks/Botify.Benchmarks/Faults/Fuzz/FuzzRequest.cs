namespace Botify.Benchmarks.Faults.Fuzz;

/// <summary>One request of the fuzz: where it goes, what it carries and which mutation made it.</summary>
/// <param name="Target">api-grpc, api-json or index-grpc.</param>
/// <param name="Method">HTTP method.</param>
/// <param name="Path">Request path (a gRPC method's path, or a JSON route).</param>
/// <param name="ContentType">Content-Type header, sent as is (it may be invalid); null for none.</param>
/// <param name="Body">Request body (a gRPC frame, JSON, or anything).</param>
/// <param name="Mutation">Name of the mutation, for the JSON report.</param>
internal sealed record FuzzRequest(string Target, HttpMethod Method, string Path, string? ContentType, byte[] Body, string Mutation)
{
    public bool IsGrpc => Target.EndsWith("grpc", StringComparison.Ordinal);
}
