namespace Botify.Api.IndexClient;

/// <summary>Why a call was served by the fallback; the label of the fallback counter.</summary>
internal static class FallbackReasons
{
    public const string CircuitOpen = "circuit-open";
    public const string Timeout = "timeout";
    public const string NotFound = "not-found";
    public const string NoModel = "no-model";
    public const string IndexRejected = "index-rejected";
    public const string IndexUnavailable = "index-unavailable";
    public const string IndexBusy = "index-busy";
    public const string Exhausted = "exhausted";
}
