using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using Botify.Api.Core;
using Botify.Api.Telemetry;
using Microsoft.Extensions.Options;

namespace Botify.Api.JsonApi;

/// <summary>
/// The course's JSON API, so its simulator and notebooks work unchanged: <c>GET /</c>,
/// <c>GET /track/{track}</c>, <c>POST /next/{user}</c>, <c>POST /last/{user}</c>.
/// </summary>
internal static class JsonApiEndpoints
{
    // Error messages quote names ('track'); relaxed escaping keeps them readable (the reply is JSON, never HTML).
    private static readonly JsonApiContext Readable = new(new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    public static IEndpointRouteBuilder MapCourseJsonApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", () => Results.Text("Botify.Api is up: gRPC botify.v1.Recommender, JSON /next/{user}, /last/{user}, /track/{track}"));
        app.MapGet("/track/{track}", (string track, RecommendationService service, ApiMetrics metrics) =>
        {
            var started = Stopwatch.GetTimestamp();
            if (!int.TryParse(track, NumberStyles.Integer, CultureInfo.InvariantCulture, out var id))
            {
                metrics.Completed(ApiMethod.JsonTrack, treatment: null, StatusCodes.Status400BadRequest, Stopwatch.GetElapsedTime(started).TotalSeconds);
                return Error(StatusCodes.Status400BadRequest, $"track '{track}' is not an integer id");
            }

            try
            {
                var found = service.GetTrack(ApiMethod.JsonTrack, id);
                return Results.Json(new TrackJsonReply(found.Track, found.Artist, found.Title, found.Genres), JsonApiContext.Default.TrackJsonReply);
            }
            catch (ListenerRequestException e)
            {
                return Error(e);
            }
        });
        // The listening calls are plain request delegates over the singletons: no parameter binding, no
        // per-request service scope, and the reply written straight to the response (docs/benchmarks.md, api).
        // Resolved on the first call, not here: the service loads the catalog, which start-up checks first.
        var service = new Lazy<RecommendationService>(app.ServiceProvider.GetRequiredService<RecommendationService>);
        var maxBytes = new Lazy<int>(() => app.ServiceProvider.GetRequiredService<IOptions<ApiOptions>>().Value.MaxJsonBodyBytes);
        var metrics = app.ServiceProvider.GetRequiredService<ApiMetrics>();
        app.MapPost("/next/{user}", http => NextAsync(http, service.Value, maxBytes.Value, metrics));
        app.MapPost("/last/{user}", http => LastAsync(http, service.Value, maxBytes.Value, metrics));
        return app;
    }

    private static async Task NextAsync(HttpContext http, RecommendationService service, int maxBytes, ApiMetrics metrics)
    {
        var started = Stopwatch.GetTimestamp();
        var (id, body, error) = await ReadAsync(http.Request, maxBytes).ConfigureAwait(false);
        // A refusal of the front door's own (the body or its type); the service records the calls it sees.
        RecordRefusal(metrics, ApiMethod.JsonNext, error, started);
        if (error is null)
        {
            try
            {
                var (recommendation, _) = await service.NextAsync(ApiMethod.JsonNext, id, body!.Track!.Value, body.Time!.Value, http.RequestAborted).ConfigureAwait(false);
                await JsonReplyWriter.WriteAsync(http.Response, id, recommendation.Track).ConfigureAwait(false);
                return;
            }
            catch (ListenerRequestException e)
            {
                error = Error(e);
            }
        }

        await error.ExecuteAsync(http).ConfigureAwait(false);
    }

    private static async Task LastAsync(HttpContext http, RecommendationService service, int maxBytes, ApiMetrics metrics)
    {
        var started = Stopwatch.GetTimestamp();
        var (id, body, error) = await ReadAsync(http.Request, maxBytes).ConfigureAwait(false);
        RecordRefusal(metrics, ApiMethod.JsonLast, error, started);
        if (error is null)
        {
            try
            {
                await service.LastAsync(ApiMethod.JsonLast, id, body!.Track!.Value, body.Time!.Value, http.RequestAborted).ConfigureAwait(false);
                await JsonReplyWriter.WriteAsync(http.Response, id, track: null).ConfigureAwait(false);
                return;
            }
            catch (ListenerRequestException e)
            {
                error = Error(e);
            }
        }

        await error.ExecuteAsync(http).ConfigureAwait(false);
    }

    private static void RecordRefusal(ApiMetrics metrics, ApiMethod method, IResult? error, long started)
    {
        if (error is IStatusCodeHttpResult { StatusCode: { } status })
        {
            metrics.Completed(method, treatment: null, status, Stopwatch.GetElapsedTime(started).TotalSeconds);
        }
    }

    private static async ValueTask<(int User, ListenBody? Body, IResult? Error)> ReadAsync(HttpRequest request, int maxBytes)
    {
        var user = request.RouteValues["user"] as string;
        if (!int.TryParse(user, NumberStyles.Integer, CultureInfo.InvariantCulture, out var id))
        {
            return (0, null, Error(StatusCodes.Status400BadRequest, $"user '{user}' is not an integer id"));
        }

        if (!IsJson(request.ContentType))
        {
            return (id, null, Error(StatusCodes.Status415UnsupportedMediaType, $"Content-Type '{request.ContentType}' is not JSON; send application/json (or none)"));
        }

        if (request.ContentLength > maxBytes)
        {
            return (id, null, TooLarge(maxBytes));
        }

        var buffer = ArrayPool<byte>.Shared.Rent(Math.Min(maxBytes + 1, 4096));
        try
        {
            var length = 0;
            while (true)
            {
                if (length == buffer.Length)
                {
                    if (length > maxBytes)
                    {
                        return (id, null, TooLarge(maxBytes));
                    }

                    var larger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, maxBytes + 1));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var read = await request.Body.ReadAsync(buffer.AsMemory(length), request.HttpContext.RequestAborted).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                length += read;
            }

            if (length > maxBytes)
            {
                return (id, null, TooLarge(maxBytes));
            }

            return Parse(id, buffer.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static (int, ListenBody?, IResult?) Parse(int user, ReadOnlySpan<byte> json)
    {
        // The reader checks only the strings it decodes, so an ignored field could carry any bytes.
        if (!Utf8.IsValid(json))
        {
            return (user, null, Error(StatusCodes.Status400BadRequest, string.Create(CultureInfo.InvariantCulture, $"body is not valid UTF-8 (byte {FirstInvalidUtf8(json)}); expected JSON {{track: int, time: float}}")));
        }

        ListenBody? body;
        try
        {
            body = JsonSerializer.Deserialize(json, JsonApiContext.Default.ListenBody);
        }
        catch (JsonException e) when (e.Path is "$.track" or "$.time" && e.InnerException is not JsonException)
        {
            // A value of the wrong kind (1e400, 3000000000, 1.5 for the track, a string, a bool) names the field, as a
            // missing one does; a syntax error (its inner exception is the reader's) is about the body, wherever it stopped.
            return (user, null, Error(StatusCodes.Status400BadRequest, $"field '{e.Path[2..]}' is not {(e.Path == "$.track" ? "an integer track id" : "a number")} (expected {{track: int, time: float}}): {e.Message}"));
        }
        catch (JsonException e)
        {
            return (user, null, Error(StatusCodes.Status400BadRequest, $"body is not valid JSON (expected {{track: int, time: float}}): {e.Message}"));
        }

        if (body is null)
        {
            return (user, null, Error(StatusCodes.Status400BadRequest, "body is null; expected {track: int, time: float}"));
        }

        if (body.Track is null)
        {
            return (user, null, Error(StatusCodes.Status400BadRequest, "field 'track' is missing"));
        }

        if (body.Time is null)
        {
            return (user, null, Error(StatusCodes.Status400BadRequest, "field 'time' is missing"));
        }

        return (user, body, null);
    }

    /// <summary>
    /// True for no Content-Type (the course's clients send none) and for JSON: <c>application/json</c> or any
    /// <c>+json</c> type (<c>application/problem+json</c>), whatever the charset. A form or text body is 415, not parsed as JSON anyway.
    /// </summary>
    private static bool IsJson(string? contentType)
    {
        if (string.IsNullOrEmpty(contentType))
        {
            return true;
        }

        // The media type is what precedes the parameters (";charset=..."), without surrounding blanks.
        var mediaType = contentType.AsSpan();
        if (mediaType.IndexOf(';') is var parameters and >= 0)
        {
            mediaType = mediaType[..parameters];
        }

        mediaType = mediaType.Trim();
        return mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || (mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase) && mediaType.IndexOf('/') > 0);
    }

    private static int FirstInvalidUtf8(ReadOnlySpan<byte> text)
    {
        var at = 0;
        while (at < text.Length && Rune.DecodeFromUtf8(text[at..], out _, out var consumed) == OperationStatus.Done)
        {
            at += consumed;
        }

        return at;
    }

    private static IResult TooLarge(int maxBytes) =>
        Error(StatusCodes.Status413PayloadTooLarge, string.Create(CultureInfo.InvariantCulture, $"body is larger than {maxBytes} bytes"));

    private static IResult Error(ListenerRequestException e) => Error(
        e.Kind switch
        {
            RequestErrorKind.NotFound => StatusCodes.Status404NotFound,
            RequestErrorKind.Unavailable => StatusCodes.Status503ServiceUnavailable,
            _ => StatusCodes.Status400BadRequest,
        },
        e.Message);

    private static IResult Error(int status, string message) =>
        Results.Json(new ErrorJsonReply(message), Readable.ErrorJsonReply, statusCode: status);
}
