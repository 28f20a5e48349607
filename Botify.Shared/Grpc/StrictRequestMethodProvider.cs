using System.Globalization;
using System.Reflection;
using Google.Protobuf;
using Grpc.AspNetCore.Server.Model;
using Grpc.Core;
using Microsoft.AspNetCore.Routing;

namespace Botify.Shared.Grpc;

/// <summary>
/// Binds a gRPC service's methods as the generated code does, except that a request message that does not
/// parse is refused with INVALID_ARGUMENT naming the message and the fault, and one rate-limited warning
/// (<see cref="MalformedRequestLog"/>). Grpc.AspNetCore deserializes before any interceptor runs, and its
/// own answer to a parse failure is UNKNOWN with a stack trace per request; a deserializer that throws
/// <see cref="RpcException"/> gets that exception's status instead. Interceptors still wrap the methods:
/// they come from the global gRPC options. The service switches the generated binding off with an empty
/// <c>BindService</c> of its own (see <see cref="StrictGrpcExtensions.AddStrictGrpcRequests{TService}"/>).
/// </summary>
/// <typeparam name="TService">The service implementation whose public methods answer the calls.</typeparam>
/// <param name="malformed">Where refusals are counted and logged.</param>
/// <param name="binding">The generated <c>BindService(ServiceBinderBase, ...)</c> of the service.</param>
public sealed class StrictRequestMethodProvider<TService>(MalformedRequestLog malformed, StrictRequestBinding<TService> binding) : IServiceMethodProvider<TService>
    where TService : class
{
    /// <inheritdoc />
    public void OnServiceMethodDiscovery(ServiceMethodProviderContext<TService> context) =>
        binding.Bind(new Binder(context, malformed));

    /// <summary>Receives the generated method descriptions and adds each with a strict request marshaller.</summary>
    private sealed class Binder(ServiceMethodProviderContext<TService> context, MalformedRequestLog malformed) : ServiceBinderBase
    {
        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, UnaryServerMethod<TRequest, TResponse>? handler)
        {
            var strict = new Method<TRequest, TResponse>(method.Type, method.ServiceName, method.Name, Strict(method.Name, method.RequestMarshaller), method.ResponseMarshaller);
            var target = typeof(TService).GetMethod(method.Name, BindingFlags.Public | BindingFlags.Instance, [typeof(TRequest), typeof(ServerCallContext)])
                ?? throw new InvalidOperationException($"{typeof(TService).Name} has no method {method.Name}({typeof(TRequest).Name}, ServerCallContext)");
            var invoker = target.CreateDelegate<UnaryServerMethod<TService, TRequest, TResponse>>();
            // What the generated binding adds besides the route: POST only (with CORS preflight, as Grpc.AspNetCore does).
            context.AddUnaryMethod(strict, [new HttpMethodMetadata(["POST"], acceptCorsPreflight: true)], invoker);
        }

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ServerStreamingServerMethod<TRequest, TResponse>? handler) => NotUnary(method);

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ClientStreamingServerMethod<TRequest, TResponse>? handler) => NotUnary(method);

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, DuplexStreamingServerMethod<TRequest, TResponse>? handler) => NotUnary(method);

        private static void NotUnary(IMethod method) =>
            throw new NotSupportedException($"{method.FullName} is a streaming method; {nameof(StrictRequestMethodProvider<TService>)} binds unary methods only");

        private Marshaller<T> Strict<T>(string methodName, Marshaller<T> generated)
        {
            var deserialize = generated.ContextualDeserializer;
            return Marshallers.Create(generated.ContextualSerializer, payload =>
            {
                try
                {
                    return deserialize(payload);
                }
                catch (InvalidProtocolBufferException e)
                {
                    var fault = string.Create(CultureInfo.InvariantCulture, $"request is not a valid {typeof(T).Name} ({payload.PayloadLength} bytes): {e.Message}");
                    malformed.Refused(methodName, fault);
                    throw new RpcException(new Status(StatusCode.InvalidArgument, fault));
                }
            });
        }
    }
}
