namespace Botify.Api.Core;

/// <summary>Which kind of bad input a request had; maps to a gRPC status and an HTTP status.</summary>
internal enum RequestErrorKind
{
    InvalidArgument,
    NotFound,
    Unavailable,
}
