using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Headers;
using Grpc.Core;

namespace Botify.Index.Tests.Grpc;

/// <summary>
/// Unary calls to <c>botify.v1.TrackIndex</c> sent as raw HTTP/2 requests, so a test chooses the frame as
/// well as the message: truncated frames, lying length prefixes, the compressed flag, two messages.
/// </summary>
internal sealed class RawGrpc(int port) : IDisposable
{
    private readonly HttpClient _http = new()
    {
        BaseAddress = new Uri($"http://127.0.0.1:{port}"),
        Timeout = TimeSpan.FromSeconds(10),
    };

    /// <summary>A well-formed frame around <paramref name="message"/>, or one whose header lies as told.</summary>
    public static byte[] Frame(byte[] message, uint? length = null, byte flag = 0)
    {
        var frame = new byte[5 + message.Length];
        frame[0] = flag;
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), length ?? (uint)message.Length);
        message.CopyTo(frame, 5);
        return frame;
    }

    /// <summary>The call's gRPC status, from the trailers or a trailers-only response's headers.</summary>
    public async Task<Status> CallAsync(string method, byte[] body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/botify.v1.TrackIndex/{method}")
        {
            Content = new ByteArrayContent(body),
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        request.Headers.TE.Add(new TransferCodingWithQualityHeaderValue("trailers"));
        using var response = await _http.SendAsync(request);
        var content = await response.Content.ReadAsStringAsync();
        var status = Header(response.TrailingHeaders, "grpc-status") ?? Header(response.Headers, "grpc-status");
        var message = Header(response.TrailingHeaders, "grpc-message") ?? Header(response.Headers, "grpc-message") ?? "";
        return status is null
            ? new Status(StatusCode.Unknown, $"no grpc-status (HTTP {(int)response.StatusCode} {response.Version}: {content})")
            : new Status((StatusCode)int.Parse(status, System.Globalization.CultureInfo.InvariantCulture), Uri.UnescapeDataString(message));
    }

    public void Dispose() => _http.Dispose();

    private static string? Header(HttpHeaders headers, string name) =>
        headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
}
