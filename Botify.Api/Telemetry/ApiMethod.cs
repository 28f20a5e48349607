namespace Botify.Api.Telemetry;

/// <summary>Which front door a request came through: the <c>method</c> label of the request metrics.</summary>
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
