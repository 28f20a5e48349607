namespace Botify.Api.Telemetry;

/// <summary>
/// Which front door and method a request came through. On the request metrics it becomes the semantic-convention
/// attributes of its protocol: <c>rpc.system</c>, <c>rpc.service</c>, <c>rpc.method</c> for gRPC, and
/// <c>http.request.method</c>, <c>http.route</c> for the JSON API (<see cref="ApiMetrics"/>).
/// </summary>
internal enum ApiMethod
{
    /// <summary>gRPC <c>botify.v1.Recommender/Next</c>.</summary>
    Next,

    /// <summary>gRPC <c>botify.v1.Recommender/Last</c>.</summary>
    Last,

    /// <summary>gRPC <c>botify.v1.Recommender/GetTrack</c>.</summary>
    GetTrack,

    /// <summary>The course's JSON API, <c>POST /next/{user}</c>.</summary>
    JsonNext,

    /// <summary>The course's JSON API, <c>POST /last/{user}</c>.</summary>
    JsonLast,

    /// <summary>The course's JSON API, <c>GET /track/{track}</c>.</summary>
    JsonTrack,
}
