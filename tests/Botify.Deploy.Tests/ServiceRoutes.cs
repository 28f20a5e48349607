using System.Text.RegularExpressions;

namespace Botify.Deploy.Tests;

/// <summary>The literal GET routes a service maps (<c>app.MapGet("/", ...)</c>), read from its sources: what an HTTP probe may ask for.</summary>
internal static partial class ServiceRoutes
{
    public static IReadOnlySet<string> Of(string project) =>
        Directory.EnumerateFiles(Checkout.File(project), "*.cs", SearchOption.AllDirectories)
            .Where(file => !Path.GetRelativePath(Checkout.File(project), file).Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj"))
            .SelectMany(file => MapGet().Matches(File.ReadAllText(file)).Select(match => match.Groups["route"].Value))
            .ToHashSet(StringComparer.Ordinal);

    [GeneratedRegex(@"\.MapGet\(\s*""(?<route>[^""]*)""", RegexOptions.CultureInvariant)]
    private static partial Regex MapGet();
}
