using Grpc.Core;
using Grpc.Net.Client;

namespace Botify.Api.Tests.Services;

/// <summary>Unary calls whose request payload is raw bytes: gRPC framing done by the client, the message left to the test.</summary>
internal static class RawGrpc
{
    private static readonly Marshaller<byte[]> Bytes = Marshallers.Create(b => b, b => b);

    public static Method<byte[], byte[]> Method(string name) => new(MethodType.Unary, "botify.v1.Recommender", name, Bytes, Bytes);

    /// <summary>The call's status: OK when it answered, else the status it failed with.</summary>
    public static async Task<Status> CallAsync(GrpcChannel channel, Method<byte[], byte[]> method, byte[] payload)
    {
        try
        {
            await channel.CreateCallInvoker().AsyncUnaryCall(method, host: null, new CallOptions(deadline: DateTime.UtcNow.AddSeconds(10)), payload);
            return Status.DefaultSuccess;
        }
        catch (RpcException e)
        {
            return e.Status;
        }
    }
}
