using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Botify.Api.Memory;
using Botify.Api.Sessions;
using Microsoft.Extensions.Options;

namespace Botify.Api.Admin;

/// <summary>
/// The API's admin calls on the HTTP/1.1 endpoint, behind <see cref="ListenerMemoryOptions.AdminToken"/>
/// (docs/operations/listener-memory.md): <c>DELETE /admin/listeners/{user}</c> forgets a listener, removing
/// their memory and session from the stores and recording the request so a rebuild from the log leaves them out.
/// With no token set the calls answer 404: an unauthenticated forget is never possible.
/// </summary>
internal static class ListenerAdminEndpoints
{
    public static IEndpointRouteBuilder MapListenerAdmin(this IEndpointRouteBuilder app)
    {
        app.MapDelete("/admin/listeners/{user}", ForgetAsync);
        return app;
    }

    private static async Task<IResult> ForgetAsync(
        string user,
        HttpContext http,
        IOptions<ListenerMemoryOptions> options,
        ISessionStore sessions,
        IListenerMemory memory,
        TimeProvider time,
        ILogger<ListenerMemoryRebuild> logger)
    {
        var token = options.Value.AdminToken;
        if (string.IsNullOrEmpty(token))
        {
            return Problem(StatusCodes.Status404NotFound, "admin calls are off: set ListenerMemory:AdminToken to enable them");
        }

        if (!TryBearer(http.Request.Headers.Authorization.ToString(), out var sent))
        {
            http.Response.Headers.WWWAuthenticate = "Bearer";
            return Problem(StatusCodes.Status401Unauthorized, "DELETE /admin/listeners/{user} is an admin call: send 'Authorization: Bearer <ListenerMemory:AdminToken>'");
        }

        if (!CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(sent)), SHA256.HashData(Encoding.UTF8.GetBytes(token))))
        {
            return Problem(StatusCodes.Status403Forbidden, "the bearer token is not ListenerMemory:AdminToken");
        }

        if (!int.TryParse(user, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            return Problem(StatusCodes.Status400BadRequest, $"user '{user}' is not a listener id (an integer >= 0)");
        }

        try
        {
            var remembered = (await memory.ReadAsync(id, http.RequestAborted).ConfigureAwait(false)).Count;
            var session = await sessions.EndAsync(id, http.RequestAborted).ConfigureAwait(false) is not null;
            await memory.ForgetAsync(id, time.GetUtcNow().ToUnixTimeMilliseconds(), http.RequestAborted).ConfigureAwait(false);
            MemoryLog.Forgotten(logger, id);
            return Results.Json(new ForgetReply(id, remembered, session), AdminJsonContext.Default.ForgetReply);
        }
        catch (Exception e) when (SessionLessFallbackStore.Reason(e, http.RequestAborted) is not null)
        {
            // Nothing may be reported forgotten that is not: the caller retries.
            return Problem(StatusCodes.Status503ServiceUnavailable, $"listener {id} was not forgotten: the store did not answer ({e.Message}); retry");
        }
    }

    private static bool TryBearer(string header, out string token)
    {
        const string Scheme = "Bearer ";
        token = header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase) ? header[Scheme.Length..].Trim() : string.Empty;
        return token.Length > 0;
    }

    private static IResult Problem(int status, string error) => Results.Json(new AdminError(error), AdminJsonContext.Default.AdminError, statusCode: status);
}
