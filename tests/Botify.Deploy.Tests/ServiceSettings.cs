using System.Globalization;
using System.Text.Json;

namespace Botify.Deploy.Tests;

/// <summary>A service's own configuration, read from its appsettings.json: every key it documents, and its Kestrel ports.</summary>
internal sealed class ServiceSettings
{
    private ServiceSettings(HashSet<string> keys, Dictionary<string, string> values)
    {
        Keys = keys;
        Values = values;
    }

    /// <summary>Every configuration path (section:key, arrays as :0), case-insensitive as .NET configuration is.</summary>
    public HashSet<string> Keys { get; }

    public Dictionary<string, string> Values { get; }

    /// <summary>The port of a Kestrel endpoint (Grpc or Http).</summary>
    public int Port(string endpoint) => new Uri(Values[$"Kestrel:Endpoints:{endpoint}:Url"]).Port;

    /// <summary>Whether <paramref name="key"/> (section:key) is read by the service: the key itself or a key below an object the options bind.</summary>
    public bool Reads(string key) => Keys.Contains(key);

    public static ServiceSettings Of(string project)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Checkout.File(Path.Combine(project, "appsettings.json"))));
        var keys = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        Flatten(json.RootElement, string.Empty, keys, values);
        return new ServiceSettings(keys, values);
    }

    private static void Flatten(JsonElement element, string path, HashSet<string> keys, Dictionary<string, string> values)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    var child = path.Length == 0 ? property.Name : $"{path}:{property.Name}";
                    keys.Add(child);
                    Flatten(property.Value, child, keys, values);
                }

                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    var child = $"{path}:{index.ToString(CultureInfo.InvariantCulture)}";
                    keys.Add(child);
                    Flatten(item, child, keys, values);
                    index++;
                }

                break;
            default:
                values[path] = element.ToString();
                break;
        }
    }
}
