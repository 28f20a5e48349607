using System.Diagnostics.CodeAnalysis;
using Botify.Api.Serving;
using Grpc.Core;

namespace Botify.Api.Services;

/// <summary>Throws <see cref="RpcException"/> with a precise status; every message names the field or thing that was wrong.</summary>
internal static class RpcErrors
{
    [DoesNotReturn]
    public static void From(ListenerRequestException e) => throw new RpcException(new Status(
        e.Kind switch
        {
            RequestErrorKind.NotFound => StatusCode.NotFound,
            RequestErrorKind.Unavailable => StatusCode.Unavailable,
            _ => StatusCode.InvalidArgument,
        },
        e.Message));
}
