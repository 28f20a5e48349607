using Grpc.Core;

namespace Botify.Shared.Grpc;

/// <summary>How a service's methods are described: its generated <c>BindService(ServiceBinderBase, ...)</c>.</summary>
/// <typeparam name="TService">The service implementation.</typeparam>
/// <param name="Bind">Calls the generated binder, e.g. <c>binder =&gt; TrackIndex.BindService(binder, null)</c>.</param>
public sealed record StrictRequestBinding<TService>(Action<ServiceBinderBase> Bind)
    where TService : class;
