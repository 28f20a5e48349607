namespace Botify.Api.Sessions;

/// <summary>Which <see cref="ISessionStore"/> the service uses.</summary>
public enum SessionStoreKind
{
    /// <summary>In this process's memory: one replica.</summary>
    Memory,

    /// <summary>In Redis: replicas behind a load balancer share sessions.</summary>
    Redis,
}
