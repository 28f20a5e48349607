using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using Grpc.AspNetCore.Server;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Botify.Shared.Grpc;

/// <summary>
/// Checks the gRPC framing of a unary call to one service before Grpc.AspNetCore reads it,
/// and refuses a bad frame with INVALID_ARGUMENT naming the fault (one rate-limited warning through
/// <see cref="MalformedRequestLog"/>): Grpc.AspNetCore answers a truncated frame, a length prefix longer
/// than the body, a second message on a unary call and the compressed flag without <c>grpc-encoding</c>
/// with INTERNAL, which reads as the server's fault and which no interceptor or marshaller can change.
/// The body is looked at, not copied: the check leaves every byte in the request pipe, and a unary call's
/// body is read to its end by Grpc.AspNetCore anyway. A frame longer than the receive limit, and one
/// compressed with a named encoding, are left to Grpc.AspNetCore (RESOURCE_EXHAUSTED, UNIMPLEMENTED).
/// </summary>
/// <param name="next">The rest of the pipeline.</param>
/// <param name="malformed">Where refusals are counted and logged.</param>
/// <param name="grpcOptions">The gRPC server's options (its receive limit).</param>
/// <param name="service">The full name of the checked service, e.g. <c>botify.v1.TrackIndex</c>.</param>
public sealed class RequestFrameCheck(RequestDelegate next, MalformedRequestLog malformed, IOptions<GrpcServiceOptions> grpcOptions, string service)
{
    private const int HeaderLength = 5;
    private readonly PathString _servicePath = new($"/{service}");

    private readonly long _maxMessage = grpcOptions.Value.MaxReceiveMessageSize ?? long.MaxValue;

    /// <summary>Refuses a call to the service whose frame is bad; passes every other request on.</summary>
    /// <param name="context">The request.</param>
    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var request = context.Request;
        if (!HttpMethods.IsPost(request.Method)
            || !request.Path.StartsWithSegments(_servicePath)
            || request.ContentType is not { } type
            || !type.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase)
            || type.StartsWith("application/grpc-web", StringComparison.OrdinalIgnoreCase))
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        var encoded = request.Headers.TryGetValue("grpc-encoding", out var encoding) && !string.Equals(encoding, "identity", StringComparison.OrdinalIgnoreCase);
        var reader = request.BodyReader;
        string? fault;
        while (true)
        {
            var read = await reader.ReadAsync(context.RequestAborted).ConfigureAwait(false);
            var decided = Inspect(read.Buffer, read.IsCompleted, encoded, out fault);
            // Nothing consumed: Grpc.AspNetCore reads the same bytes next, at once when the body is complete.
            reader.AdvanceTo(read.Buffer.Start, read.Buffer.End);
            if (decided || read.IsCompleted)
            {
                break;
            }
        }

        if (fault is null)
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        var method = request.Path.Value![(_servicePath.Value!.Length + 1)..];
        malformed.Refused(method, fault);
        // A trailers-only gRPC response: the status in the headers, no body.
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/grpc";
        context.Response.Headers["grpc-status"] = "3";
        context.Response.Headers["grpc-message"] = Uri.EscapeDataString(fault);
    }

    /// <summary>
    /// Whether the frame is decided from what has arrived, and its fault if it is bad (null when the frame
    /// is sound, or is left to Grpc.AspNetCore).
    /// </summary>
    private bool Inspect(ReadOnlySequence<byte> body, bool complete, bool encoded, out string? fault)
    {
        fault = null;
        if (body.Length < HeaderLength)
        {
            if (complete)
            {
                fault = body.Length == 0
                    ? "the request has no message: a unary call sends one length-prefixed message"
                    : string.Create(CultureInfo.InvariantCulture, $"the request frame is truncated: {body.Length} bytes, shorter than the 5-byte message header");
            }

            return complete;
        }

        Span<byte> header = stackalloc byte[HeaderLength];
        body.Slice(0, HeaderLength).CopyTo(header);
        var flag = header[0];
        var length = BinaryPrimitives.ReadUInt32BigEndian(header[1..]);
        if (flag > 1)
        {
            fault = string.Create(CultureInfo.InvariantCulture, $"the message header's compressed flag is {flag}; it must be 0 or 1");
            return true;
        }

        if (flag == 1 && !encoded)
        {
            fault = "the message is flagged compressed but the request names no grpc-encoding";
            return true;
        }

        if (length > _maxMessage || flag == 1)
        {
            return true;
        }

        var frame = HeaderLength + (long)length;
        if (body.Length > frame)
        {
            fault = string.Create(CultureInfo.InvariantCulture, $"the request holds more than one message: its body runs past the first frame of {frame} bytes (a {length}-byte message); a unary call sends one");
            return true;
        }

        if (complete && body.Length < frame)
        {
            fault = string.Create(CultureInfo.InvariantCulture, $"the request frame is truncated: its length prefix says {length} bytes and {body.Length - HeaderLength} arrived");
        }

        return complete;
    }
}
