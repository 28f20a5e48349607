using System.Diagnostics.CodeAnalysis;
using Grpc.Core;

namespace Botify.Index.Grpc;

/// <summary>Throws <see cref="RpcException"/> with a precise status; every message names the field or thing that was wrong.</summary>
internal static class RpcErrors
{
    [DoesNotReturn]
    public static void InvalidArgument(string message) => throw new RpcException(new Status(StatusCode.InvalidArgument, message));

    [DoesNotReturn]
    public static void NotFound(string message) => throw new RpcException(new Status(StatusCode.NotFound, message));

    [DoesNotReturn]
    public static void ResourceExhausted(string message) => throw new RpcException(new Status(StatusCode.ResourceExhausted, message));

    [DoesNotReturn]
    public static void Unauthenticated(string message) => throw new RpcException(new Status(StatusCode.Unauthenticated, message));

    [DoesNotReturn]
    public static void PermissionDenied(string message) => throw new RpcException(new Status(StatusCode.PermissionDenied, message));

    [DoesNotReturn]
    public static void FailedPrecondition(string message) => throw new RpcException(new Status(StatusCode.FailedPrecondition, message));
}
