using System.Text.Json.Serialization;

namespace Botify.Api.Admin;

/// <summary>What <c>DELETE /admin/listeners/{user}</c> removed: the remembered sessions and whether a live session was open.</summary>
internal sealed record ForgetReply(int User, int RememberedSessions, bool OpenSession);

/// <summary>An admin call's refusal, naming what was wrong.</summary>
internal sealed record AdminError(string Error);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(ForgetReply))]
[JsonSerializable(typeof(AdminError))]
internal sealed partial class AdminJsonContext : JsonSerializerContext;
