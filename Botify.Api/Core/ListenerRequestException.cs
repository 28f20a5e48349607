namespace Botify.Api.Core;

/// <summary>A request was refused before it changed anything; the message names the field or thing that was wrong.</summary>
internal sealed class ListenerRequestException(RequestErrorKind kind, string message) : Exception(message)
{
    public RequestErrorKind Kind { get; } = kind;
}
