using System.Text;
using Grpc.Core;

namespace Botify.Train.Rollout;

/// <summary>gRPC statuses as operators read them in grpcurl and the index's docs: <c>FAILED_PRECONDITION: detail</c>.</summary>
internal static class RpcStatusText
{
    public static string Describe(RpcException e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var text = $"{Name(e.StatusCode.ToString())}: {e.Status.Detail}";
        // A refused connection says only "Error connecting to subchannel." in the detail; the socket error is in the debug exception.
        return e.Status.DebugException is { } inner && !e.Status.Detail.Contains(inner.Message, StringComparison.Ordinal)
            ? $"{text} {inner.Message}"
            : text;
    }

    /// <summary>A .NET enum name as the protocol spells it: <c>FailedPrecondition</c> → <c>FAILED_PRECONDITION</c>.</summary>
    public static string Name(string pascal)
    {
        var name = new StringBuilder(pascal.Length + 4);
        for (var i = 0; i < pascal.Length; i++)
        {
            if (i > 0 && char.IsUpper(pascal[i]) && char.IsLower(pascal[i - 1]))
            {
                name.Append('_');
            }

            name.Append(char.ToUpperInvariant(pascal[i]));
        }

        return name.ToString();
    }
}
