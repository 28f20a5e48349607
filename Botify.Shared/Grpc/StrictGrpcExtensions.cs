using Grpc.AspNetCore.Server.Model;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Botify.Shared.Grpc;

/// <summary>
/// Puts both checks in front of a gRPC service: a request whose frame (<see cref="RequestFrameCheck"/>) or
/// message (<see cref="StrictRequestMethodProvider{TService}"/>) does not parse is INVALID_ARGUMENT with
/// one rate-limited warning, not INTERNAL or UNKNOWN with a stack trace per request.
/// </summary>
public static class StrictGrpcExtensions
{
    /// <summary>gRPC's call handler, which logs every refused call's stack trace at Information.</summary>
    public const string CallHandlerCategory = "Grpc.AspNetCore.Server.ServerCallHandler";

    /// <summary>
    /// Binds <typeparamref name="TService"/>'s methods through <see cref="StrictRequestMethodProvider{TService}"/>,
    /// and turns gRPC's call-handler log down to Warning unless the configuration names a level for it. The
    /// service must declare an empty <c>BindService(ServiceBinderBase, TService?)</c> with
    /// <c>[BindServiceMethod]</c>, so the generated binding does not add a second endpoint per method.
    /// </summary>
    /// <typeparam name="TService">The service implementation.</typeparam>
    /// <param name="builder">The host being built.</param>
    /// <param name="bind">The generated binder, e.g. <c>binder =&gt; TrackIndex.BindService(binder, null)</c>.</param>
    /// <returns>The builder.</returns>
    public static IHostApplicationBuilder AddStrictGrpcRequests<TService>(this IHostApplicationBuilder builder, Action<ServiceBinderBase> bind)
        where TService : class
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddSingleton<MalformedRequestLog>();
        builder.Services.AddSingleton(new StrictRequestBinding<TService>(bind));
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IServiceMethodProvider<TService>, StrictRequestMethodProvider<TService>>());
        if (builder.Configuration[$"Logging:LogLevel:{CallHandlerCategory}"] is null)
        {
            builder.Logging.AddFilter(CallHandlerCategory, LogLevel.Warning);
        }

        return builder;
    }

    /// <summary>Checks the gRPC frame of every call to <paramref name="service"/> before Grpc.AspNetCore reads it.</summary>
    /// <param name="app">The application.</param>
    /// <param name="service">The service's full name, e.g. <c>botify.v1.Recommender</c>.</param>
    /// <returns>The application.</returns>
    public static IApplicationBuilder UseGrpcFrameCheck(this IApplicationBuilder app, string service) =>
        app.UseMiddleware<RequestFrameCheck>(service);
}
