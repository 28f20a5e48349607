using System.Diagnostics.CodeAnalysis;
using Botify.Api.Core;
using Grpc.Core;

namespace Botify.Api.Grpc;

/// <summary>Throws <see cref="RpcException"/> with a precise status; every message names the field or thing that was wrong.</summary>
internal static class RpcErrors
{
    [DoesNotReturn]
    public static void From(ListenerRequestException e) => throw new RpcException(new Status(StatusCodeOf(e.Kind), e.Message));

    /// <summary>The gRPC status of a refused request: NOT_FOUND, UNAVAILABLE or INVALID_ARGUMENT (the request metrics record it too).</summary>
    public static StatusCode StatusCodeOf(RequestErrorKind kind) => kind switch
    {
        RequestErrorKind.NotFound => StatusCode.NotFound,
        RequestErrorKind.Unavailable => StatusCode.Unavailable,
        _ => StatusCode.InvalidArgument,
    };
}
