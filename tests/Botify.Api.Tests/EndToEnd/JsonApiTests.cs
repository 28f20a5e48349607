using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Botify.Api.Tests.EndToEnd;

/// <summary>The course's JSON API on the HTTP/1.1 endpoint.</summary>
[Category("Integration")]
public sealed class JsonApiTests
{
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
            .. ApiServer.Treatment(1, "T1", "Contextual"),
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

    [Test]
    public async Task Root_Get_IsAlive()
    {
        var response = await _api.Http.GetAsync("/");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Next_CourseBody_AnswersUserAndTrack()
    {
        var response = await _api.Http.PostAsJsonAsync("/next/12", new { track = 3, time = 0.8 });
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(json.RootElement.GetProperty("user").GetInt32(), Is.EqualTo(12));
        Assert.That(json.RootElement.GetProperty("track").GetInt32(), Is.InRange(0, 199));
    }

    [Test]
    public async Task Last_CourseBody_AnswersUser()
    {
        var response = await _api.Http.PostAsJsonAsync("/last/12", new { track = 3, time = 0.1 });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("{\"user\":12}"));
    }

    [Test]
    public async Task Track_Known_AnswersCatalogEntry()
    {
        var body = await _api.Http.GetStringAsync("/track/42");

        Assert.That(body, Is.EqualTo("{\"track\":42,\"artist\":\"A4\",\"title\":\"Song 42\",\"genres\":[]}"));
    }

    [TestCase("/track/4200", HttpStatusCode.NotFound, "4200")]
    [TestCase("/track/abc", HttpStatusCode.BadRequest, "track 'abc'")]
    public async Task Track_Bad_RefusedNamingIt(string path, HttpStatusCode status, string named)
    {
        var response = await _api.Http.GetAsync(path);

        Assert.That(response.StatusCode, Is.EqualTo(status));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain(named));
    }

    [TestCase("/next/1", "{\"track\": 5, \"time\": \"NaN\"}", HttpStatusCode.BadRequest, "time is NaN")]
    [TestCase("/next/1", "{\"track\": 5, \"time\": -0.5}", HttpStatusCode.BadRequest, "time is -0.5")]
    [TestCase("/next/1", "{\"track\": 5, \"time\": 1.01}", HttpStatusCode.BadRequest, "time is 1.01")]
    [TestCase("/next/1", "{\"track\": 500, \"time\": 0.5}", HttpStatusCode.NotFound, "track 500")]
    [TestCase("/next/-4", "{\"track\": 5, \"time\": 0.5}", HttpStatusCode.BadRequest, "user is -4")]
    [TestCase("/next/x", "{\"track\": 5, \"time\": 0.5}", HttpStatusCode.BadRequest, "user 'x'")]
    [TestCase("/next/1", "{\"track\": 5", HttpStatusCode.BadRequest, "not valid JSON")]
    [TestCase("/next/1", "{\"time\": 0.5}", HttpStatusCode.BadRequest, "'track' is missing")]
    [TestCase("/next/1", "{\"track\": 5}", HttpStatusCode.BadRequest, "'time' is missing")]
    [TestCase("/next/1", "null", HttpStatusCode.BadRequest, "body is null")]
    [TestCase("/last/1", "{\"track\": 5, \"time\": 7}", HttpStatusCode.BadRequest, "time is 7")]
    [TestCase("/last/1", "[]", HttpStatusCode.BadRequest, "not valid JSON")]
    public async Task Post_BadInput_RefusedNamingTheField(string path, string body, HttpStatusCode status, string named)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        var response = await _api.Http.PostAsync(path, content);

        Assert.That(response.StatusCode, Is.EqualTo(status));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain(named));
    }

    [TestCase(true)]
    [TestCase(false)]
    public async Task Post_BodyOver64KiB_Refused413(bool withContentLength)
    {
        var padding = new string(' ', 70_000);
        var body = Encoding.UTF8.GetBytes("{\"track\": 5, \"time\": 0.5" + padding + "}");
        using HttpContent content = withContentLength
            ? new ByteArrayContent(body)
            : new StreamContent(new MemoryStream(body));
        if (!withContentLength)
        {
            content.Headers.ContentLength = null;
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, "/next/1") { Content = content };
        if (!withContentLength)
        {
            request.Headers.TransferEncodingChunked = true;
        }

        var response = await _api.Http.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
    }

    [Test]
    public async Task Metrics_Get_PrometheusText()
    {
        var response = await _api.Http.GetAsync("/metrics");

        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/plain"));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("botify_api_index_circuit_state"));
    }

    [Test]
    public async Task Healthz_Get_Healthy()
    {
        Assert.That(await _api.Http.GetStringAsync("/healthz"), Is.EqualTo("Healthy"));
    }
}
