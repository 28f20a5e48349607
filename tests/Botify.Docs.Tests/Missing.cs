namespace Botify.Docs.Tests;

/// <summary>A failure message that names every item, one a line (NUnit's own listing of a collection stops at ten).</summary>
internal static class Missing
{
    public static Func<string> Listed(string what, IReadOnlyCollection<string> items) =>
        () => $"{items.Count} {what}:{Environment.NewLine}  {string.Join(Environment.NewLine + "  ", items)}{Environment.NewLine}";
}
