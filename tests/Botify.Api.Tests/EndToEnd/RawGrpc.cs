using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Grpc.Core;
using Grpc.Net.Client;

namespace Botify.Api.Tests.EndToEnd;

/// <summary>Unary calls whose request payload is raw bytes: gRPC framing done by the client, the message left to the test.</summary>
internal static class RawGrpc
{
    private static readonly Marshaller<byte[]> Bytes = Marshallers.Create(b => b, b => b);

    public static Method<byte[], byte[]> Method(string name) => new(MethodType.Unary, "botify.v1.Recommender", name, Bytes, Bytes);

    /// <summary>The call's status: OK when it answered, else the status it failed with.</summary>
    public static async Task<Status> CallAsync(GrpcChannel channel, Method<byte[], byte[]> method, byte[] payload)
    {
        try
        {
            await channel.CreateCallInvoker().AsyncUnaryCall(method, host: null, new CallOptions(deadline: DateTime.UtcNow.AddSeconds(10)), payload);
            return Status.DefaultSuccess;
        }
        catch (RpcException e)
        {
            return e.Status;
        }
    }

    /// <summary>
    /// The status of a unary call whose whole HTTP/2 body is <paramref name="body"/>, framing included, so a
    /// test can send frames a gRPC client never would (truncated, two messages, a lying flag).
    /// </summary>
    public static async Task<Status> CallFramedAsync(Uri address, string method, byte[] body)
    {
        using var http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(10) };
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/botify.v1.Recommender/{method}")
        {
            Content = new ByteArrayContent(body),
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        request.Headers.TE.Add(new TransferCodingWithQualityHeaderValue("trailers"));
        using var response = await http.SendAsync(request);
        await response.Content.ReadAsByteArrayAsync();
        var status = Header(response.TrailingHeaders, "grpc-status") ?? Header(response.Headers, "grpc-status");
        var message = Header(response.TrailingHeaders, "grpc-message") ?? Header(response.Headers, "grpc-message") ?? string.Empty;
        return status is null
            ? new Status(StatusCode.Unknown, $"no grpc-status (HTTP {(int)response.StatusCode})")
            : new Status((StatusCode)int.Parse(status, CultureInfo.InvariantCulture), Uri.UnescapeDataString(message));
    }

    private static string? Header(HttpHeaders headers, string name) => headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
}
