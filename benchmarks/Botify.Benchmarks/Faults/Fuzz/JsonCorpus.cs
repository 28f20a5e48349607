using System.Globalization;
using System.Text;

namespace Botify.Benchmarks.Faults.Fuzz;

/// <summary>
/// Valid requests to the course's JSON API and seeded mutations: truncated and bit-flipped bodies, extreme
/// numbers (huge, negative, NaN, exponents past double), wrong types, deep nesting, oversized bodies, odd ids
/// in the path and wrong content types.
/// </summary>
internal sealed class JsonCorpus(Random random, int tracks)
{
    private static readonly string[] Numbers = ["-1", "0", "1e400", "-1e400", "NaN", "\"NaN\"", "Infinity", "2147483648", "-2147483649", "1.5", "9999999999999999999999", "null", "\"7\"", "[]", "{}", "true", "0.7e-400", "-0"];
    private static readonly string[] Ids = ["-1", "2147483648", "abc", "1.5", "%00", "1e3", "0x10", "99999999999999999999", "%F0%9F%8E%B5", "", " 1"];
    private static readonly string[] WrongContentTypes = ["text/plain", "application/xml", "application/grpc", "multipart/form-data; boundary=x", "application/json; charset=\u00ff", "application/x-www-form-urlencoded"];

    public FuzzRequest Next()
    {
        var user = random.Next(1_000).ToString(CultureInfo.InvariantCulture);
        var route = random.Next(2) == 0 ? "next" : "last";
        var valid = Body(random.Next(tracks).ToString(CultureInfo.InvariantCulture), (random.Next(100) / 100.0).ToString(CultureInfo.InvariantCulture));
        return random.Next(9) switch
        {
            0 => Post(route, user, "application/json", valid, "valid"),
            1 => Post(route, user, "application/json", valid[..random.Next(valid.Length)], "truncated-body"),
            2 => Post(route, user, "application/json", FlipBits(valid), "bit-flips"),
            3 => Post(route, user, "application/json", Body(Numbers[random.Next(Numbers.Length)], Numbers[random.Next(Numbers.Length)]), "extreme-numbers"),
            4 => Post(route, user, WrongContentTypes[random.Next(WrongContentTypes.Length)], valid, "wrong-content-type"),
            5 => Post(route, Ids[random.Next(Ids.Length)], "application/json", valid, "odd-user-id"),
            6 => Post(route, user, "application/json", Encoding.UTF8.GetBytes(new string('[', random.Next(64, 5_000)) + new string(']', random.Next(0, 64))), "deep-nesting"),
            7 => Post(route, user, "application/json", Encoding.UTF8.GetBytes("{\"track\": 1, \"time\": 0.5, \"pad\": \"" + new string('x', 70_000 + random.Next(70_000)) + "\"}"), "oversized-body"),
            _ => new FuzzRequest("api-json", HttpMethod.Get, "/track/" + (random.Next(2) == 0 ? Ids[random.Next(Ids.Length)] : random.Next(tracks).ToString(CultureInfo.InvariantCulture)), null, [], "get-track"),
        };
    }

    private static byte[] Body(string track, string time) => Encoding.UTF8.GetBytes($"{{\"track\": {track}, \"time\": {time}}}");

    private static FuzzRequest Post(string route, string user, string contentType, byte[] body, string mutation) =>
        new("api-json", HttpMethod.Post, $"/{route}/{user}", contentType, body, mutation);

    private byte[] FlipBits(byte[] body)
    {
        var copy = (byte[])body.Clone();
        for (var flips = random.Next(1, 5); flips > 0; flips--)
        {
            copy[random.Next(copy.Length)] ^= (byte)(1 << random.Next(8));
        }

        return copy;
    }
}
