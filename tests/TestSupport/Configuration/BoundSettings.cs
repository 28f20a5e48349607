using System.Reflection;

namespace Botify.Tests.Support;

/// <summary>
/// The configuration keys the services bind: every options class with a <c>Section</c> constant, and below it
/// each public settable property as <c>Section:Property</c>. A property of one of Botify's own classes adds its
/// settings below its key, and a list of them below <c>Key:N</c> (N standing for the index, as the docs write it).
/// </summary>
internal static class BoundSettings
{
    /// <summary>What an array index is written as in a documented key: <c>Experiment:Treatments:N:K</c>.</summary>
    public const string IndexPlaceholder = "N";

    public static IReadOnlyList<Type> OptionsClasses(IEnumerable<Assembly> assemblies) =>
        [.. assemblies.SelectMany(a => a.GetTypes()).Where(t => t.IsClass && Section(t) is not null).OrderBy(t => t.FullName, StringComparer.Ordinal)];

    public static string? Section(Type type) =>
        type.GetField("Section", BindingFlags.Public | BindingFlags.Static) is { IsLiteral: true } field && field.FieldType == typeof(string)
            ? (string?)field.GetRawConstantValue()
            : null;

    public static IEnumerable<string> Keys(Type options) => Keys(options, Section(options) ?? throw new ArgumentException($"{options} has no Section constant", nameof(options)), [options]);

    /// <summary>The keys of <paramref name="options"/> bound below <paramref name="section"/>; with an empty section, the bare property paths.</summary>
    public static IEnumerable<string> Keys(Type options, string section) => Keys(options, section, [options]);

    private static IEnumerable<string> Keys(Type type, string prefix, HashSet<Type> visiting)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.SetMethod is not { IsPublic: true } || property.GetIndexParameters().Length > 0)
            {
                continue;
            }

            var key = prefix.Length == 0 ? property.Name : $"{prefix}:{property.Name}";
            yield return key;
            if (Nested(property.PropertyType, out var isList) is { } nested && visiting.Add(nested))
            {
                foreach (var child in Keys(nested, isList ? $"{key}:{IndexPlaceholder}" : key, visiting))
                {
                    yield return child;
                }

                visiting.Remove(nested);
            }
        }
    }

    /// <summary>The Botify class whose settings sit below a property of <paramref name="type"/> (itself, or a list's element); null for values.</summary>
    private static Type? Nested(Type type, out bool isList)
    {
        isList = false;
        if (type.IsArray)
        {
            isList = true;
            type = type.GetElementType()!;
        }
        else if (type.IsGenericType && type.GetGenericTypeDefinition() is var definition
            && (definition == typeof(List<>) || definition == typeof(IList<>) || definition == typeof(IReadOnlyList<>) || definition == typeof(IEnumerable<>)))
        {
            isList = true;
            type = type.GetGenericArguments()[0];
        }

        return type.IsClass && type != typeof(string) && type.Namespace?.StartsWith("Botify.", StringComparison.Ordinal) == true ? type : null;
    }
}
