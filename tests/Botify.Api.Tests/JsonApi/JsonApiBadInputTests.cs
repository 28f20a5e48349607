using System.Net;
using System.Text;
using Botify.Api.Tests.EndToEnd;

namespace Botify.Api.Tests.JsonApi;

/// <summary>
/// The JSON API answers bad input with 400/413/415 naming what was wrong, never 500;
/// a body that is not declared JSON is 415, a body with no Content-Type is parsed (the course's clients send none).
/// </summary>
[Category("Integration")]
public sealed class JsonApiBadInputTests
{
    private const string Valid = "{\"track\": 5, \"time\": 0.5}";

    private TempFolder _folder = null!;
    private FakeIndex _index = null!;
    private ApiServer _api = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _folder = new TempFolder();
        _index = await FakeIndex.StartAsync();
        var catalog = TestCatalogs.Write(_folder, tracks: 200, tracksPerArtist: 10);
        _api = await ApiServer.StartAsync(catalog, _index.Address, _folder, [
            .. ApiServer.Treatment(0, "C", "Contextual", fatigue: false),
            "--Index:AttemptTimeout=00:00:05",
            "--Index:TotalTimeout=00:00:10",
        ]);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await _api.DisposeAsync();
        await _index.DisposeAsync();
        _folder.Dispose();
    }

    /// <summary>Pins the Content-Type defect: a text or form body was parsed as JSON.</summary>
    [TestCase("/next/1", "text/plain")]
    [TestCase("/next/1", "text/plain; charset=utf-8")]
    [TestCase("/last/1", "application/x-www-form-urlencoded")]
    [TestCase("/next/1", "multipart/form-data; boundary=x")]
    [TestCase("/next/1", "application/xml")]
    [TestCase("/next/1", "application/jsonp")]
    [TestCase("/next/1", "not a media type")]
    public async Task Post_NonJsonContentType_Refused415NamingIt(string path, string contentType)
    {
        var (status, body) = await PostAsync(path, Encoding.UTF8.GetBytes(Valid), contentType);

        Assert.That(status, Is.EqualTo(HttpStatusCode.UnsupportedMediaType));
        Assert.That(body, Does.Contain($"Content-Type '{contentType}' is not JSON"));
    }

    [TestCase(null)]
    [TestCase("application/json")]
    [TestCase("application/json; charset=utf-8")]
    [TestCase("Application/JSON; charset=ISO-8859-1")]
    [TestCase("application/vnd.botify+json")]
    public async Task Post_JsonOrNoContentType_Accepted(string? contentType)
    {
        var (status, body) = await PostAsync("/next/1", Encoding.UTF8.GetBytes(Valid), contentType);

        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), body);
    }

    [TestCase("{\"track\": 5, \"time\": 1e400}", "time is Infinity")]
    [TestCase("{\"track\": 5, \"time\": -1e400}", "time is -Infinity")]
    [TestCase("{\"track\": 5, \"time\": 1e39}", "time is 1E+39")]
    [TestCase("{\"track\": 5, \"time\": -1}", "time is -1")]
    [TestCase("{\"track\": 5, \"time\": \"Infinity\"}", "time is Infinity")]
    [TestCase("{\"track\": 5, \"time\": \"0.5\"}", "field 'time' is not a number")]
    [TestCase("{\"track\": 5, \"time\": true}", "field 'time' is not a number")]
    [TestCase("{\"track\": 5, \"time\": null}", "field 'time' is missing")]
    [TestCase("{\"track\": 5, \"time\": NaN}", "not valid JSON")]
    [TestCase("{\"track\": 3000000000, \"time\": 0.5}", "field 'track' is not an integer")]
    [TestCase("{\"track\": 1.5, \"time\": 0.5}", "field 'track' is not an integer")]
    [TestCase("{\"track\": \"5\", \"time\": 0.5}", "field 'track' is not an integer")]
    [TestCase("{\"track\": [5], \"time\": 0.5}", "field 'track' is not an integer")]
    [TestCase("{}", "field 'track' is missing")]
    [TestCase("", "not valid JSON")]
    [TestCase("\"track\"", "not valid JSON")]
    [TestCase("{\"track\": 5, \"time\": 0.5,}", "not valid JSON")]
    public async Task Post_BadField_Refused400NamingIt(string json, string named)
    {
        var (status, body) = await PostAsync("/next/1", Encoding.UTF8.GetBytes(json), "application/json");

        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(body, Does.Contain(named));
    }

    [TestCase(new byte[] { 0xFF, 0xFE })]
    [TestCase(new byte[] { 0xC3 })]
    [TestCase(new byte[] { 0xED, 0xA0, 0x80 })]
    public async Task Post_InvalidUtf8_Refused400(byte[] invalid)
    {
        foreach (var (prefix, suffix) in new[] { ("{\"track\": 5, \"time\": 0.5, \"x\": \"", "\"}"), ("{\"", "\": 1, \"track\": 5, \"time\": 0.5}"), ("{\"track\": 5, \"time\": ", "}") })
        {
            byte[] json = [.. Encoding.UTF8.GetBytes(prefix), .. invalid, .. Encoding.UTF8.GetBytes(suffix)];

            var (status, body) = await PostAsync("/next/1", json, "application/json");

            Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest), body);
            Assert.That(body, Does.Contain($"body is not valid UTF-8 (byte {prefix.Length})"));
        }
    }

    [Test]
    public async Task Post_DeeplyNested_Refused400()
    {
        var json = "{\"track\": 5, \"time\": 0.5, \"x\": " + new string('[', 1000) + new string(']', 1000) + "}";

        var (status, body) = await PostAsync("/next/1", Encoding.UTF8.GetBytes(json), "application/json");

        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(body, Does.Contain("not valid JSON"));
    }

    [Test]
    public async Task Post_OverLongNumber_Refused413NamingTheLimit()
    {
        var json = "{\"track\": 5, \"time\": 0." + new string('5', 70_000) + "}";

        var (status, body) = await PostAsync("/next/1", Encoding.UTF8.GetBytes(json), "application/json");

        Assert.That(status, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
        Assert.That(body, Does.Contain("larger than 65536 bytes"));
    }

    private async Task<(HttpStatusCode Status, string Body)> PostAsync(string path, byte[] json, string? contentType)
    {
        using var content = new ByteArrayContent(json);
        if (contentType is not null)
        {
            content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }

        using var response = await _api.Http.PostAsync(path, content);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
