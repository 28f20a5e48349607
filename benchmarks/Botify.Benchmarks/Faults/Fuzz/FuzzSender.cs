using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Botify.Benchmarks.Faults.Fuzz;

/// <summary>
/// Sends fuzz requests as raw HTTP, below any gRPC client library (which would refuse to send most of them),
/// and names the outcome: <c>grpc OK</c>, <c>grpc InvalidArgument</c>, <c>http 415</c>, <c>transport …</c>.
/// </summary>
internal sealed class FuzzSender : IDisposable
{
    // Header values go out as Latin-1 bytes: by default the client itself refuses a non-ASCII value (a
    // mutated charset) before sending, which the probe would count as the server's transport failure.
    private readonly HttpClient _http2 = new(new SocketsHttpHandler { EnableMultipleHttp2Connections = true, RequestHeaderEncodingSelector = (_, _) => Encoding.Latin1 }) { Timeout = TimeSpan.FromSeconds(10) };
    private readonly HttpClient _http1 = new(new SocketsHttpHandler { RequestHeaderEncodingSelector = (_, _) => Encoding.Latin1 }) { Timeout = TimeSpan.FromSeconds(10) };

    /// <summary>
    /// Outcomes counted as failures: the server failed rather than refused the input. A stream the
    /// server reset with PROTOCOL_ERROR (<c>transport HttpProtocolError</c>) is a refusal: HTTP/2 requires
    /// exactly that answer to a malformed request (RFC 9113, 8.1.1), such as a header value with non-ASCII bytes.
    /// </summary>
    public static bool IsFailure(string outcome) =>
        outcome is "grpc Unknown" or "grpc Internal" or "grpc (no status)"
        || (outcome.StartsWith("transport", StringComparison.Ordinal) && outcome != "transport HttpProtocolError")
        || (outcome.StartsWith("http 5", StringComparison.Ordinal) && outcome.Length == 8);

    public async Task<string> SendAsync(string baseUrl, FuzzRequest request)
    {
        using var message = new HttpRequestMessage(request.Method, new Uri(baseUrl + request.Path));
        if (request.IsGrpc)
        {
            message.Version = HttpVersion.Version20;
            message.VersionPolicy = HttpVersionPolicy.RequestVersionExact;
            message.Headers.TryAddWithoutValidation("te", "trailers");
        }

        if (request.Method == HttpMethod.Post)
        {
            message.Content = new ByteArrayContent(request.Body);
            message.Content.Headers.ContentType = null;
            if (request.ContentType is not null)
            {
                message.Content.Headers.TryAddWithoutValidation("Content-Type", request.ContentType);
            }
        }

        try
        {
            using var response = await (request.IsGrpc ? _http2 : _http1).SendAsync(message).ConfigureAwait(false);
            await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
            if (!request.IsGrpc || response.StatusCode != HttpStatusCode.OK)
            {
                return "http " + ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            var status = Header(response.TrailingHeaders, "grpc-status") ?? Header(response.Headers, "grpc-status");
            return status is not null && int.TryParse(status, System.Globalization.CultureInfo.InvariantCulture, out var code)
                ? "grpc " + (Grpc.Core.StatusCode)code
                : "grpc (no status)";
        }
        catch (HttpRequestException e)
        {
            return "transport " + (e.HttpRequestError == HttpRequestError.Unknown ? e.GetType().Name : e.HttpRequestError.ToString());
        }
        catch (TaskCanceledException)
        {
            return "transport timeout";
        }
    }

    public void Dispose()
    {
        _http2.Dispose();
        _http1.Dispose();
    }

    private static string? Header(HttpHeaders headers, string name) =>
        headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
}
