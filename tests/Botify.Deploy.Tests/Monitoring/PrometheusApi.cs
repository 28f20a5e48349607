using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

namespace Botify.Deploy.Tests.Monitoring;

/// <summary>The few calls of Prometheus's HTTP API (v1) the live test makes; an expression Prometheus refuses comes back with its error.</summary>
internal sealed class PrometheusApi(Uri address) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>An instant query now: the result's series, or the error Prometheus gave (a parse error, a bad type).</summary>
    public Task<(IReadOnlyList<JsonElement> Series, string? Error)> QueryAsync(string expr) =>
        GetAsync($"/api/v1/query?query={Uri.EscapeDataString(expr)}");

    /// <summary>A range query over [<paramref name="start"/>, now] at one-second steps, as a dashboard panel asks.</summary>
    public Task<(IReadOnlyList<JsonElement> Series, string? Error)> QueryRangeAsync(string expr, DateTimeOffset start) =>
        GetAsync(string.Create(CultureInfo.InvariantCulture,
            $"/api/v1/query_range?query={Uri.EscapeDataString(expr)}&start={start.ToUnixTimeSeconds()}&end={DateTimeOffset.UtcNow.ToUnixTimeSeconds()}&step=1"));

    /// <summary>The alerts the rule manager holds now (pending or firing), as <c>(alertname, state, labels)</c>.</summary>
    public async Task<IReadOnlyList<(string Name, string State, JsonElement Labels)>> AlertsAsync()
    {
        using var response = await _http.GetAsync(new Uri("/api/v1/alerts", UriKind.Relative));
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return [.. body.GetProperty("data").GetProperty("alerts").EnumerateArray()
            .Select(a => (a.GetProperty("labels").GetProperty("alertname").GetString()!, a.GetProperty("state").GetString()!, a.GetProperty("labels").Clone()))];
    }

    /// <summary>The rules Prometheus loaded, by name, with their health ("ok", or "err" with lastError).</summary>
    public async Task<IReadOnlyList<(string Name, string Health, string? Error)>> RulesAsync()
    {
        using var response = await _http.GetAsync(new Uri("/api/v1/rules", UriKind.Relative));
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return [.. body.GetProperty("data").GetProperty("groups").EnumerateArray()
            .SelectMany(g => g.GetProperty("rules").EnumerateArray())
            .Select(r => (r.GetProperty("name").GetString()!, r.GetProperty("health").GetString()!, r.TryGetProperty("lastError", out var e) ? e.GetString() : null))];
    }

    public void Dispose() => _http.Dispose();

    private async Task<(IReadOnlyList<JsonElement> Series, string? Error)> GetAsync(string path)
    {
        using var response = await _http.GetAsync(new Uri(path, UriKind.Relative));
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        if (body.GetProperty("status").GetString() != "success")
        {
            return ([], $"{body.GetProperty("errorType").GetString()}: {body.GetProperty("error").GetString()}");
        }

        var data = body.GetProperty("data");
        return data.GetProperty("resultType").GetString() is "vector" or "matrix"
            ? ([.. data.GetProperty("result").EnumerateArray().Select(series => series.Clone())], null)
            : ([data.GetProperty("result").Clone()], null);
    }
}
