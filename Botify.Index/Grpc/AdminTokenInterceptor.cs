using System.Security.Cryptography;
using System.Text;
using Botify.Protos.V1;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Options;

namespace Botify.Index.Grpc;

/// <summary>
/// Guards the admin methods (those that change what the index serves) with <see cref="IndexOptions.AdminToken"/>:
/// when it is set a call must carry <c>authorization: Bearer &lt;token&gt;</c>. Searches and health never need it.
/// The token is compared as SHA-256 digests in constant time, so neither its content nor its length leaks
/// through timing. See docs/operations/index-admin.md.
/// </summary>
internal sealed class AdminTokenInterceptor : Interceptor
{
    /// <summary>Full names of the admin methods; a new admin RPC is added here.</summary>
    internal static readonly IReadOnlySet<string> AdminMethods = new HashSet<string>(StringComparer.Ordinal)
    {
        $"/{TrackIndex.Descriptor.FullName}/{nameof(TrackIndex.TrackIndexBase.Reload)}",
    };

    private const string Scheme = "Bearer ";

    private readonly byte[]? _tokenDigest;

    public AdminTokenInterceptor(IOptions<IndexOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var token = options.Value.AdminToken;
        _tokenDigest = string.IsNullOrEmpty(token) ? null : SHA256.HashData(Encoding.UTF8.GetBytes(token));
    }

    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(continuation);
        if (_tokenDigest is not null && AdminMethods.Contains(context.Method))
        {
            Authorize(context);
        }

        return continuation(request, context);
    }

    private void Authorize(ServerCallContext context)
    {
        var method = context.Method[(context.Method.LastIndexOf('/') + 1)..];
        var header = context.RequestHeaders.GetValue("authorization");
        if (header is null)
        {
            RpcErrors.Unauthenticated($"{method} is an admin method and Index:AdminToken is set: send 'authorization: Bearer <token>' metadata");
        }

        if (!header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            RpcErrors.Unauthenticated($"{method}: the authorization metadata is not 'Bearer <token>'");
        }

        var sent = SHA256.HashData(Encoding.UTF8.GetBytes(header[Scheme.Length..].Trim()));
        if (!CryptographicOperations.FixedTimeEquals(sent, _tokenDigest))
        {
            RpcErrors.PermissionDenied($"{method}: the bearer token is not Index:AdminToken");
        }
    }
}
