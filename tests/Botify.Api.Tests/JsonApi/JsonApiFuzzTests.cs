using System.Net;
using System.Text;
using System.Text.Json;
using Botify.Api.Tests.EndToEnd;

namespace Botify.Api.Tests.JsonApi;

/// <summary>Seeded mutations of valid JSON API bodies are answered 2xx/4xx naming the fault, never 5xx.</summary>
[Category("Integration")]
public sealed class JsonApiFuzzTests
{
    private const int Bodies = 1_200;

    [Test]
    public async Task Post_MutatedBodies_NeverServerErrorAndStillServing()
    {
        using var folder = new TempFolder();
        await using var index = await FakeIndex.StartAsync();
        var catalog = TestCatalogs.Write(folder, tracks: 200, tracksPerArtist: 10);
        await using var api = await ApiServer.StartAsync(catalog, index.Address, folder, [
            .. ApiServer.Treatment(0, "C", "Contextual", fatigue: false),
            "--Index:AttemptTimeout=00:00:05",
            "--Index:TotalTimeout=00:00:10",
        ]);
        byte[][] corpus =
        [
            .. new[]
            {
                "{\"track\": 3, \"time\": 0.8}",
                "{\"time\":1.0,\"track\":199}",
                "{ \"track\" : 0 , \"time\" : 0.01 , \"extra\": [1, \"two\", {\"three\": null}] }",
                "{\"track\": 42, \"time\": 1e-3}",
            }.Select(Encoding.UTF8.GetBytes),
        ];
        var interesting = Encoding.UTF8.GetBytes("{}[]\":,-+.eE0123456789 nultrfaNI\\").Concat(new byte[] { 0xff, 0xc3, 0x00 }).ToArray();
        string?[] contentTypes = [null, null, "application/json", "application/json; charset=utf-8", "text/plain", "application/x-www-form-urlencoded"];
        string[] users = ["1", "7", "0", "12", "-3", "x", "99999999999"];
        var mutator = new ByteMutator(seed: 18_06, interesting);
        var statuses = new Dictionary<int, int>();

        for (var i = 0; i < Bodies; i++)
        {
            var body = mutator.Mutate(corpus[i % corpus.Length]);
            var contentType = contentTypes[mutator.Random.Next(contentTypes.Length)];
            var path = $"/{(i % 2 == 0 ? "next" : "last")}/{users[mutator.Random.Next(users.Length)]}";
            using var content = new ByteArrayContent(body);
            if (contentType is not null)
            {
                content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            }

            using var response = await api.Http.PostAsync(path, content);
            var status = (int)response.StatusCode;
            statuses[status] = statuses.GetValueOrDefault(status) + 1;
            var text = await response.Content.ReadAsStringAsync();
            Assert.That(status, Is.AnyOf(200, 400, 404, 413, 415), $"{path} {contentType} {Convert.ToHexString(body)}: {text}");
            if (status != 200)
            {
                using var error = JsonDocument.Parse(text);
                Assert.That(error.RootElement.GetProperty("error").GetString(), Is.Not.Empty);
            }
        }

        TestContext.Out.WriteLine($"{Bodies} mutated JSON bodies: {string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"HTTP {s.Key} {s.Value}"))}");
        using var valid = new StringContent("{\"track\": 3, \"time\": 0.8}", Encoding.UTF8, "application/json");
        using var after = await api.Http.PostAsync("/next/1", valid);
        Assert.That(after.StatusCode, Is.EqualTo(HttpStatusCode.OK), "still serving");
    }
}
